"""Who is calling the staff API: the session cookie and the CSRF header.

The cookie holds a random token (HttpOnly, SameSite=Lax, Secure when the gateway is served
over HTTPS); the database stores only its digest. Every state-changing staff request must
echo the session's CSRF token in ``X-CSRF-Token``. Anonymous callers get 401, a change
without the token 403, both with a Chinese ``detail``. Routes get the session (and the
role checks) through the dependencies in :mod:`api.deps`.
"""

from __future__ import annotations

import secrets

from fastapi import Request, Response

from api.errors import ApiError
from api.services import Services
from api.store.staff import StaffSession, find_session
from api.store.worker import DatabaseWorker

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


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/")


def session_token(request: Request) -> str:
    """The token the caller's cookie carries ("" without one)."""
    return request.cookies.get(COOKIE, "")


async def live_session(request: Request, store: DatabaseWorker, *, idle_minutes: float) -> StaffSession:
    """The caller's live session; 401 without one, 403 when a change lacks the CSRF token.

    A session ends when it expires or after ``idle_minutes`` without a request; each request
    keeps it alive.
    """
    token = session_token(request)
    session = await store(find_session, token=token, idle_minutes=idle_minutes) if token else None
    if session is None:
        raise ApiError(401, "staff_login_required")
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not secrets.compare_digest(sent.encode(), session.csrf_token.encode()):
            raise ApiError(403, "staff_csrf_failed")
    return session
