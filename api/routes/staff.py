"""Staff login and accounts: ``/api/staff/login``, ``logout``, ``me`` and (admins) ``accounts``."""

from __future__ import annotations

import asyncio
import hashlib
import logging

from fastapi import APIRouter, Request, Response

from api.deps import Admin, ServicesDep, SessionDep, Staff, client_address
from api.errors import ApiError, error_responses
from api.schemas import Notice, Status
from api.services import Services
from api.staff_schemas import LoginRequest, LoginResponse, StaffOut
from api.staff_session import clear_session_cookie, session_token, set_session_cookie
from api.store.staff import StaffMember, close_session, list_staff, login_record, open_session, verify_password

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


@router.post("/login", response_model=LoginResponse, responses=error_responses(401, 403, 429))
async def login(body: LoginRequest, request: Request, response: Response, services: ServicesDep) -> LoginResponse:
    """Check the name and password; on success set the session cookie and return the CSRF token.

    Attempts are limited per address, and an account refuses logins from an address for a
    while after repeated failures there (429 with ``Retry-After``). Refusals are logged with
    the address and a digest of the account name, never the name or password. The password
    check runs on a worker thread.
    """
    limits, address = services.limits, client_address(request)
    # failures lock the account for this address only: elsewhere its owner can still log in
    attempt = f"{body.name}\x1f{address}"
    account = hashlib.sha256(body.name.encode()).hexdigest()[:12]  # correlates attempts; not the name
    if (wait := limits.blocked("login_failures", attempt)) is not None:
        logger.warning("staff login refused: account %s locked for %s after repeated failures", account, address)
        raise ApiError(429, "staff_login_throttled", headers={"Retry-After": str(wait)})
    limits.refuse_over("login_address", address, text_key="staff_login_throttled")
    found = await services.store(login_record, name=body.name)
    if not await asyncio.to_thread(verify_password, found[1] if found else None, body.password) or found is None:
        limits.count("login_failures", attempt)
        logger.warning("staff login refused: account %s from %s", account, address)
        raise ApiError(401, "staff_bad_credentials")
    member = found[0]
    token, csrf = await services.store(open_session, staff_id=member.id, hours=services.settings.staff_session_hours)
    set_session_cookie(response, request, services, token)
    logger.info("staff member %s logged in", member.id)
    return _login_response(services, member, csrf)


@router.post("/logout", response_model=Notice, responses=ERRORS)
async def logout(request: Request, response: Response, _: SessionDep, services: ServicesDep) -> Notice:
    await services.store(close_session, token=session_token(request))
    clear_session_cookie(response)
    return Notice(detail="", status=Status())


@router.get("/me", response_model=LoginResponse, responses=ERRORS)
async def me(session: SessionDep, services: ServicesDep) -> LoginResponse:
    """The logged-in member and their CSRF token (the console reads it after a reload)."""
    return _login_response(services, session.staff, session.csrf_token)


@router.get("/accounts", response_model=list[StaffOut], responses=ERRORS)
async def accounts(_: Admin, services: ServicesDep) -> list[StaffOut]:
    """Every staff account (admins only); accounts are created with ``ecoassist staff add``."""
    return [StaffOut.of(m) for m in await services.store(list_staff)]


@router.get("/colleagues", response_model=list[StaffOut], responses=ERRORS)
async def colleagues(staff: Staff, services: ServicesDep) -> list[StaffOut]:
    """Active members someone can hand a conversation to: all for admins, else those sharing a department."""
    return [
        StaffOut.of(m)
        for m in await services.store(list_staff)
        if not m.disabled and (staff.is_admin or set(m.departments) & set(staff.departments) or m.is_admin)
    ]
