"""Every dependency of the gateway's routes, so a route's signature says what it needs.

- ``ServicesDep``: what the lifespan opened (database, Rasa client, searcher, …).
- ``SessionDep``, ``Staff``, ``Admin``: the caller on the staff API; 401 without a session,
  403 for a change without the CSRF token (:mod:`api.staff_session`) or a member who is not
  an admin.
- :func:`web_conversation`: the web chat's conversation, 404 before its first message.

A route declares them as parameters::

    @router.get("/api/staff/accounts", responses=error_responses(401, 403))
    async def accounts(_: Admin, services: ServicesDep) -> list[StaffOut]: ...
"""

from __future__ import annotations

from typing import Annotated

import sqlite_utils
from fastapi import Depends, Request

from api.errors import ApiError
from api.services import Services
from api.staff_session import live_session
from api.store.conversations import Conversation, find_conversation
from api.store.staff import StaffMember, StaffSession

WEB_CHANNEL = "web"
"""The channel of the web chat's conversations (the store keys a conversation by channel and session id)."""


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


async def current_session(request: Request, services: ServicesDep) -> StaffSession:
    return await live_session(request, services.store, idle_minutes=services.settings.staff_idle_minutes)


SessionDep = Annotated[StaffSession, Depends(current_session)]


def current_staff(session: SessionDep) -> StaffMember:
    return session.staff


Staff = Annotated[StaffMember, Depends(current_staff)]


def admin_staff(staff: Staff) -> StaffMember:
    """The member, if an admin (they own the accounts and the knowledge base); 403 otherwise."""
    if not staff.is_admin:
        raise ApiError(403, "staff_admin_only")
    return staff


Admin = Annotated[StaffMember, Depends(admin_staff)]


def client_address(request: Request) -> str:
    """The caller's address (the proxy's unless ``ECOASSIST_FORWARDED_ALLOW_IPS`` trusts it)."""
    return request.client.host if request.client else "unknown"


def web_conversation(db: sqlite_utils.Database, session_id: str) -> Conversation:
    """The web session's conversation; 404 (in Chinese) before its first message.

    Routes call it with their body's ``session_id``: as a ``Depends`` it would have to
    read the body itself, which FastAPI would then validate (and report) twice.

    >>> from api.store.database import open_database
    >>> from api.store.conversations import get_or_create_conversation
    >>> db = open_database(":memory:")
    >>> web_conversation(db, "s1")
    Traceback (most recent call last):
    api.errors.ApiError: 404 conversation_not_found
    >>> conv = get_or_create_conversation(db, channel=WEB_CHANNEL, session_id="s1")
    >>> web_conversation(db, "s1").id == conv.id
    True
    """
    conversation = find_conversation(db, channel=WEB_CHANNEL, session_id=session_id)
    if conversation is None:
        raise ApiError(404, "conversation_not_found")
    return conversation
