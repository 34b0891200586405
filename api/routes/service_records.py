"""Pre-application records for staff: the newest list and one record by its reference."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import ServicesDep, Staff
from api.errors import ApiError, error_responses
from api.staff_schemas import ServiceRecordOut
from api.store.service_records import RecordNotFound, get_record, list_records

router = APIRouter(prefix="/api/staff/records", tags=["staff"])


@router.get("", response_model=list[ServiceRecordOut], responses=error_responses(401, 403))
async def records(
    _: Staff,
    services: ServicesDep,
    outcome: Annotated[Literal["eligible", "not_eligible", "review"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[ServiceRecordOut]:
    """The newest pre-application records, optionally of one outcome."""
    return [ServiceRecordOut.of(r) for r in list_records(services.db, outcome=outcome, limit=limit)]


@router.get("/{reference}", response_model=ServiceRecordOut, responses=error_responses(401, 403, 404))
async def record(reference: str, _: Staff, services: ServicesDep) -> ServiceRecordOut:
    """One record by its reference (e.g. HB-20261129-0007)."""
    try:
        return ServiceRecordOut.of(get_record(services.db, reference=reference))
    except RecordNotFound as exc:
        raise ApiError(404, "record_not_found") from exc
