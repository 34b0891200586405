"""Staff login and accounts: ``/api/staff/login``, ``logout``, ``me`` and (admins) ``accounts``."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response

from api.deps import Admin, ServicesDep, SessionDep, Staff
from api.errors import ApiError, error_responses
from api.schemas import Notice, Status
from api.services import Services
from api.staff_schemas import LoginRequest, LoginResponse, StaffOut
from api.staff_session import clear_session_cookie, session_token, set_session_cookie
from api.store.staff import BadCredentials, StaffMember, authenticate, close_session, list_staff, open_session

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api/staff", tags=["staff"])
ERRORS = error_responses(401, 403)


def _login_response(services: Services, member: StaffMember, csrf: str) -> LoginResponse:
    settings = services.settings
    return LoginResponse(
        staff=StaffOut.of(member),
        csrf_token=csrf,
        queue_amber_minutes=settings.queue_amber_minutes,
        queue_red_minutes=settings.queue_red_minutes,
    )


@router.post("/login", response_model=LoginResponse, responses=ERRORS)
async def login(body: LoginRequest, request: Request, response: Response, services: ServicesDep) -> LoginResponse:
    """Check the name and password; on success set the session cookie and return the CSRF token."""
    try:
        member = authenticate(services.db, name=body.name, password=body.password)
    except BadCredentials as exc:
        logger.info("staff login refused")
        raise ApiError(401, "staff_bad_credentials") from exc
    token, csrf = open_session(services.db, staff_id=member.id, hours=services.settings.staff_session_hours)
    set_session_cookie(response, request, services, token)
    logger.info("staff member %s logged in", member.id)
    return _login_response(services, member, csrf)


@router.post("/logout", response_model=Notice, responses=ERRORS)
async def logout(request: Request, response: Response, _: SessionDep, services: ServicesDep) -> Notice:
    close_session(services.db, token=session_token(request))
    clear_session_cookie(response)
    return Notice(detail="", status=Status())


@router.get("/me", response_model=LoginResponse, responses=ERRORS)
async def me(session: SessionDep, services: ServicesDep) -> LoginResponse:
    """The logged-in member and their CSRF token (the console reads it after a reload)."""
    return _login_response(services, session.staff, session.csrf_token)


@router.get("/accounts", response_model=list[StaffOut], responses=ERRORS)
async def accounts(_: Admin, services: ServicesDep) -> list[StaffOut]:
    """Every staff account (admins only); accounts are created with ``ecoassist staff add``."""
    return [StaffOut.of(m) for m in list_staff(services.db)]


@router.get("/colleagues", response_model=list[StaffOut], responses=ERRORS)
async def colleagues(staff: Staff, services: ServicesDep) -> list[StaffOut]:
    """Active members someone can hand a conversation to: all for admins, else those sharing a department."""
    return [
        StaffOut.of(m)
        for m in list_staff(services.db)
        if not m.disabled and (staff.is_admin or set(m.departments) & set(staff.departments) or m.is_admin)
    ]
