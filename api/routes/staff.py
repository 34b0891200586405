"""Staff login and accounts: ``/api/staff/login``, ``logout``, ``me`` and (admins) ``accounts``."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from api.routes.chat import error
from api.schemas import ErrorResponse, Notice, Status
from api.services import Services, get_services
from api.staff_schemas import LoginRequest, LoginResponse, StaffOut
from api.staff_session import COOKIE, Admin, Staff, current_session, set_session_cookie
from api.store.staff import (
    BadCredentials,
    StaffMember,
    StaffSession,
    authenticate,
    close_session,
    list_staff,
    open_session,
)

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api/staff", tags=["staff"])
ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorResponse},
    403: {"model": ErrorResponse},
    422: {"model": ErrorResponse},
}


def _login_response(services: Services, member: StaffMember, csrf: str) -> LoginResponse:
    settings = services.settings
    return LoginResponse(
        staff=StaffOut.of(member),
        csrf_token=csrf,
        queue_amber_minutes=settings.queue_amber_minutes,
        queue_red_minutes=settings.queue_red_minutes,
    )


@router.post("/login", response_model=LoginResponse, responses=ERRORS)
async def login(
    body: LoginRequest, request: Request, services: Annotated[Services, Depends(get_services)]
) -> LoginResponse | JSONResponse:
    """Check the name and password; on success set the session cookie and return the CSRF token."""
    try:
        member = authenticate(services.db, name=body.name, password=body.password)
    except BadCredentials:
        logger.info("staff login refused")
        return error(401, "staff_bad_credentials")
    token, csrf = open_session(services.db, staff_id=member.id, hours=services.settings.staff_session_hours)
    response = JSONResponse(_login_response(services, member, csrf).model_dump())
    set_session_cookie(response, request, services, token)
    logger.info("staff member %s logged in", member.id)
    return response


@router.post("/logout", response_model=Notice, responses=ERRORS)
async def logout(
    request: Request,
    session: Annotated[StaffSession, Depends(current_session)],
    services: Annotated[Services, Depends(get_services)],
) -> Response:
    close_session(services.db, token=request.cookies.get(COOKIE, ""))
    response = JSONResponse(Notice(detail="", status=Status()).model_dump())
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/me", response_model=LoginResponse, responses=ERRORS)
async def me(
    session: Annotated[StaffSession, Depends(current_session)], services: Annotated[Services, Depends(get_services)]
) -> LoginResponse:
    """The logged-in member and their CSRF token (the console reads it after a reload)."""
    return _login_response(services, session.staff, session.csrf_token)


@router.get("/accounts", response_model=list[StaffOut], responses=ERRORS)
async def accounts(_: Admin, services: Annotated[Services, Depends(get_services)]) -> list[StaffOut]:
    """Every staff account (admins only); accounts are created with ``ecoassist staff add``."""
    return [StaffOut.of(m) for m in list_staff(services.db)]


@router.get("/colleagues", response_model=list[StaffOut], responses=ERRORS)
async def colleagues(staff: Staff, services: Annotated[Services, Depends(get_services)]) -> list[StaffOut]:
    """Active members someone can hand a conversation to: all for admins, else those sharing a department."""
    return [
        StaffOut.of(m)
        for m in list_staff(services.db)
        if not m.disabled and (staff.is_admin or set(m.departments) & set(staff.departments) or m.is_admin)
    ]
