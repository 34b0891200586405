"""The one way the knowledge index is rebuilt: check the service catalogue, then build.

The CLI (``ecoassist kb build/import/remove/repeal``) and the console's "save as FAQ"
both come here, so the catalogue's references are checked whichever way the library
changed. A reference to an article that an imported document lacks stops the build
(the live index stays as it was); a document that is not imported is a warning, and
the bot then cites it as plain text.

>>> import tempfile
>>> from knowledge.settings import KnowledgeSettings
>>> settings = KnowledgeSettings(_env_file=None, home=tempfile.mkdtemp(), import_statutes=False)
>>> report = rebuild_index(settings)
>>> report.build.built, report.build.manifest.clause_count
(True, 18)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.contacts import load_contacts
from knowledge.documents.importer import import_defaults
from knowledge.documents.library import Library
from knowledge.documents.questions import QuestionBank, QuestionBankError
from knowledge.search.builder import BuildReport, Progress, build_index
from knowledge.search.scope import OutsideQuestions, OutsideQuestionsError
from knowledge.search.tokenizer import Tokenizer
from knowledge.services.catalogue import load_catalogue
from knowledge.services.references import ReferenceIndex, check_references
from knowledge.settings import KnowledgeSettings
from knowledge.texts import text

# what a malformed data file the build reads raises (besides the catalogue's own errors)
DataFileError = (QuestionBankError, OutsideQuestionsError)


class CatalogueMismatch(RuntimeError):
    """The catalogue cites articles the library does not hold; ``errors`` names each one."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(text("catalogue_mismatch") + "\n" + "\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class RebuildReport:
    build: BuildReport
    warnings: list[str] = field(default_factory=list)


def check_catalogue(settings: KnowledgeSettings, *, with_defaults: bool = True) -> list[str]:
    """The catalogue's references against the library's effective documents; the warnings.

    ``with_defaults`` first imports any default folder the library still lacks (the CLI);
    save-as-FAQ passes ``False``: importing 2,500 statutes does not belong in an admin's
    request (``ecoassist kb build`` after an upgrade does it).

    The contacts file's reporting basis is checked the same way, so a malformed
    ``contacts.yml`` or a wrong article stops the build rather than a user's report; and the
    everyday questions and the outside questions the build reads are read first, so a malformed
    file stops a staff answer before it is saved.

    Raises :class:`CatalogueMismatch` on a missing article,
    :class:`knowledge.services.catalogue.CatalogueError` on a malformed item file and
    :class:`knowledge.contacts.ContactsError` on a malformed contacts file,
    :class:`QuestionBankError` or :class:`OutsideQuestionsError` on a malformed questions file.
    """
    library = Library.open(settings.knowledge_paths.library)
    try:
        if with_defaults:
            import_defaults(library, settings.default_documents)
        documents = [d for d in library.documents() if d.status == "effective"]
        index = ReferenceIndex(documents, library.clauses())
    finally:
        library.db.conn.close()
    report = check_references(load_catalogue(settings.services_dir), index)
    QuestionBank.load()
    OutsideQuestions.load()
    basis = load_contacts().reporting_basis
    errors = [*report.errors]
    if index.status(basis) == "missing_article":
        errors.append(f"举报渠道引用的《{basis.document}》没有{basis.article}")
    if errors:
        raise CatalogueMismatch(errors)
    return report.warnings


def rebuild_index(
    settings: KnowledgeSettings,
    *,
    tokenizer: Tokenizer | None = None,
    force: bool = False,
    progress: Progress | None = None,
    checked: bool = False,
) -> RebuildReport:
    """Check the catalogue (unless the caller just ``checked`` it, without the defaults), then
    build the index if anything changed (or ``force``).

    Raises :class:`CatalogueMismatch`, ``CatalogueError`` or
    :class:`knowledge.search.dense.EmbeddingModelError`; the live index is then untouched.
    """
    warnings = [] if checked else check_catalogue(settings)
    build = build_index(
        settings.knowledge_paths,
        tokenizer or Tokenizer.from_directory(),
        embedding_model=settings.embedding_model,
        query_prefix=settings.embedding_query_prefix,
        force=force,
        progress=progress,
        defaults={} if checked else settings.default_documents,
    )
    return RebuildReport(build=build, warnings=warnings)
