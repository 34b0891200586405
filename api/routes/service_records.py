"""Pre-application records for staff: the newest list and one record by its reference."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Query

from api.routes.staff import ERRORS
from api.services import Services, get_services
from api.staff_schemas import ServiceRecordOut
from api.staff_session import Staff
from api.store.service_records import RecordNotFound, get_record, list_records
from knowledge.texts import text

router = APIRouter(prefix="/api/staff/records", tags=["staff"])
ALL_ERRORS = {**ERRORS, 404: ERRORS[401]}


@router.get("", response_model=list[ServiceRecordOut], responses=ERRORS)
async def records(
    _: Staff,
    services: Annotated[Services, Depends(get_services)],
    outcome: Annotated[Literal["eligible", "not_eligible", "review"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[ServiceRecordOut]:
    """The newest pre-application records, optionally of one outcome."""
    return [ServiceRecordOut.of(r) for r in list_records(services.db, outcome=outcome, limit=limit)]


@router.get("/{reference}", response_model=ServiceRecordOut, responses=ALL_ERRORS)
async def record(reference: str, _: Staff, services: Annotated[Services, Depends(get_services)]) -> ServiceRecordOut:
    """One record by its reference (e.g. HB-20261129-0007)."""
    try:
        return ServiceRecordOut.of(get_record(services.db, reference=reference))
    except RecordNotFound as exc:
        raise HTTPException(status_code=404, detail=text("record_not_found")) from exc
