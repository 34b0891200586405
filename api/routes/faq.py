"""Turning staff answers into knowledge, and the canned replies staff start from.

``POST /api/staff/faq`` (admins: they own the knowledge base) saves an answer with its
question variants and linked clauses, rebuilds the index in a worker thread and
reloads the gateway's searcher; the action server reloads on its next search, so the
bot uses the answer from the next question on, with no restart. The service catalogue
is checked before anything is written: when it is malformed or cites articles the
library lacks, nothing is saved (409) and the admin fixes the catalogue first
(``ecoassist kb build`` names the problem).
"""

from __future__ import annotations

import asyncio
import logging

from fastapi import APIRouter

from api.canned_replies import canned_replies
from api.deps import Admin, ServicesDep, Staff
from api.errors import ApiError, error_responses
from api.services import Services
from api.staff_schemas import CannedReply, FaqOut, FaqRequest
from knowledge.documents.faq import FaqError, add_faq
from knowledge.documents.library import Library
from knowledge.documents.records import Hit
from knowledge.rebuild import CatalogueMismatch, DataFileError, check_catalogue, rebuild_index
from knowledge.services.catalogue import CatalogueError

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/api/staff", tags=["staff"])
ERRORS = error_responses(401, 403)


@router.get("/canned-replies", response_model=list[CannedReply], responses=ERRORS)
async def canned(_: Staff) -> list[CannedReply]:
    return [CannedReply(title=title, text=text) for title, text in canned_replies()]


def _save_and_rebuild(services: Services, body: FaqRequest, linked: list[Hit]) -> FaqOut:
    # refuse before writing, so a refusal leaves nothing half-saved
    check_catalogue(services.settings, with_defaults=False)
    library = Library.open(services.settings.knowledge_paths.library)
    try:
        clause = add_faq(library, question=body.question, variants=body.variants, answer=body.answer, linked=linked)
        document = library.find(clause.doc_id)
    finally:
        library.db.conn.close()
    rebuild_index(services.settings, tokenizer=services.tokenizer, checked=True)
    return FaqOut(clause_id=clause.clause_id, label=clause.label, document=document.title)


@router.post("/faq", response_model=FaqOut, responses=error_responses(401, 403, 409))
async def save_faq(body: FaqRequest, _: Admin, services: ServicesDep) -> FaqOut:
    """Save a staff answer as knowledge; the bot answers with it from the next question on."""
    searcher = await services.searcher_off_loop()
    linked = [hit for clause_id in body.clause_ids if (hit := searcher.hit_for(clause_id)) is not None]
    try:
        async with services.knowledge_lock:  # one knowledge write and rebuild at a time
            saved = await asyncio.to_thread(_save_and_rebuild, services, body, linked)
    except FaqError as exc:
        raise ApiError(422, "faq_incomplete") from exc
    except (CatalogueMismatch, CatalogueError) as exc:
        logger.warning("staff answer not saved: the catalogue does not match the library (%s)", type(exc).__name__)
        raise ApiError(409, "faq_catalogue_mismatch") from exc
    except DataFileError as exc:
        logger.warning("staff answer not saved: a knowledge data file is malformed (%s)", type(exc).__name__)
        raise ApiError(409, "faq_data_malformed") from exc
    await services.searcher_off_loop()
    logger.info("staff answer saved as %s", saved.clause_id)
    return saved
