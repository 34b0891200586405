"""Pre-application records for staff: the newest list and one record by its reference.

Admins read every record; an agent reads the records of the conversations handed to their
departments or the general queue (:func:`api.store.service_records.list_records`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from api.deps import ServicesDep, Staff
from api.errors import ApiError, error_responses
from api.staff_schemas import ServiceRecordOut
from api.store.service_records import RecordNotFound, get_record, list_records

router = APIRouter(prefix="/api/staff/records", tags=["staff"])


@router.get("", response_model=list[ServiceRecordOut], responses=error_responses(401, 403))
async def records(
    staff: Staff,
    services: ServicesDep,
    outcome: Annotated[Literal["eligible", "not_eligible", "review"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[ServiceRecordOut]:
    """The newest pre-application records, optionally of one outcome."""
    departments = None if staff.is_admin else staff.departments
    found = await services.store(list_records, outcome=outcome, departments=departments, limit=limit)
    return [ServiceRecordOut.of(r) for r in found]


@router.get("/{reference}", response_model=ServiceRecordOut, responses=error_responses(401, 403, 404))
async def record(
    reference: Annotated[str, Path(max_length=64)], staff: Staff, services: ServicesDep
) -> ServiceRecordOut:
    """One record by its reference (e.g. HB-20261129-0007); 404 also when the member may not read it."""
    departments = None if staff.is_admin else staff.departments
    try:
        return ServiceRecordOut.of(await services.store(get_record, reference=reference, departments=departments))
    except RecordNotFound as exc:
        raise ApiError(404, "record_not_found") from exc
