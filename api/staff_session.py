"""Who is calling the staff API: the session cookie, the CSRF header, and the role checks.

The cookie holds a random token (HttpOnly, SameSite=Lax, Secure when the gateway is served
over HTTPS); the database stores only its digest. Every state-changing staff request must
echo the session's CSRF token in ``X-CSRF-Token``. Anonymous callers get 401, members who
may not do something get 403, both with a Chinese ``detail``.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response

from api.services import Services, get_services
from api.store.staff import StaffMember, StaffSession, find_session
from knowledge.texts import text

COOKIE = "ecoassist_staff"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def set_session_cookie(response: Response, request: Request, services: Services, token: str) -> None:
    secure = request.url.scheme == "https" or services.settings.public_url.startswith("https://")
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(services.settings.staff_session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )


def current_session(request: Request, services: Annotated[Services, Depends(get_services)]) -> StaffSession:
    """The caller's live session; 401 without one, 403 when a change lacks the CSRF token."""
    token = request.cookies.get(COOKIE)
    session = find_session(services.db, token=token) if token else None
    if session is None:
        raise HTTPException(status_code=401, detail=text("staff_login_required"))
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not secrets.compare_digest(sent.encode(), session.csrf_token.encode()):
            raise HTTPException(status_code=403, detail=text("staff_csrf_failed"))
    return session


def current_staff(session: Annotated[StaffSession, Depends(current_session)]) -> StaffMember:
    return session.staff


def admin_staff(staff: Annotated[StaffMember, Depends(current_staff)]) -> StaffMember:
    if not staff.is_admin:
        raise HTTPException(status_code=403, detail=text("staff_admin_only"))
    return staff


Staff = Annotated[StaffMember, Depends(current_staff)]
Admin = Annotated[StaffMember, Depends(admin_staff)]
