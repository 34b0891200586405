"""``ecoassist kb …``: import, list, remove, repeal, build, search, evaluate the knowledge base."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from api.settings import Settings, get_settings
from knowledge.documents.importer import DEFAULT_DOCUMENTS, import_defaults, import_paths
from knowledge.documents.library import DocumentNotFound, Library
from knowledge.documents.records import Clause, Document, SearchResult
from knowledge.payloads import Citation
from knowledge.rebuild import CatalogueMismatch, DataFileError, rebuild_index
from knowledge.search.builder import Progress
from knowledge.search.dense import EmbeddingModelError, build_encoder, encoder_fingerprint
from knowledge.search.dictionary import KB_TERMS_FILE, write_dictionary
from knowledge.search.e5_offline import E5_OFFLINE
from knowledge.search.embedding_cache import EmbeddingCache
from knowledge.search.evaluation import QuestionFileError, channel_configs, evaluate, load_questions
from knowledge.search.manifest import IndexMissing
from knowledge.search.searcher import Searcher, open_searcher
from knowledge.search.tokenizer import DEFAULT_LEXICON, Lexicon, Tokenizer
from knowledge.search.vector_pack import BUNDLED_PACK, pack_defaults
from knowledge.services.catalogue import Catalogue, CatalogueError, load_catalogue
from knowledge.settings import DEFAULT_STATUTES
from knowledge.texts import text

# Rasa's lookup tables live with the rest of its training data.
LOOKUPS_FILE = Path(__file__).resolve().parent.parent / "bot" / "data" / "lookups.yml"


@click.group()
def kb() -> None:
    """The knowledge base: documents, clauses and the search index."""


@kb.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed, encoding every vector anew (minutes).")
def kb_build(force: bool) -> None:
    """Build the search index under $ECOASSIST_HOME if the library or the model changed."""

    def progress(clauses: Iterable[Clause]) -> Iterator[Clause]:
        with click.progressbar(list(clauses), label="索引条款", file=sys.stderr) as bar:
            yield from bar

    _rebuild(get_settings(), force=force, progress=progress)


def _catalogue(settings: Settings) -> Catalogue:
    """The service-item catalogue; a malformed file is a clear CLI error naming it."""
    try:
        return load_catalogue(settings.services_dir)
    except CatalogueError as exc:
        raise click.ClickException(text("catalogue_malformed").format(error=exc)) from exc


def _rebuild(settings: Settings, *, force: bool = False, progress: Progress | None = None) -> None:
    try:
        report = rebuild_index(settings, force=force, progress=progress)
    except CatalogueError as exc:
        raise click.ClickException(text("catalogue_malformed").format(error=exc)) from exc
    except (CatalogueMismatch, EmbeddingModelError) as exc:
        raise click.ClickException(str(exc)) from exc
    except DataFileError as exc:
        raise click.ClickException(text("knowledge_data_malformed").format(error=exc)) from exc
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    m = report.build.manifest
    state = "built" if report.build.built else "up to date"
    channels = ", ".join(m.channels) + (f" ({m.model}, {m.dimension} dims)" if m.model else "")
    click.echo(f"knowledge index {state}: {m.clause_count} clauses from {m.document_count} documents; {channels}")


@kb.command("pack-vectors")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=BUNDLED_PACK, show_default=True)
@click.option("--fresh", is_flag=True, help="Encode every clause, not only those no cache or pack holds.")
def kb_pack_vectors(output: Path, fresh: bool) -> None:
    """Write the clause vectors of the project's default knowledge, the seed and the statutes,
    which ship with it (`make vectors`)."""
    settings = get_settings()
    if settings.embedding_model != E5_OFFLINE:
        raise click.ClickException(f"the bundled vectors are made with {E5_OFFLINE}, not {settings.embedding_model!r}")
    if not DEFAULT_STATUTES.is_dir():  # a pack of the seed alone would replace the statutes' vectors
        raise click.ClickException(f"the statutes are not at {DEFAULT_STATUTES}")
    paths = settings.knowledge_paths
    paths.root.mkdir(parents=True, exist_ok=True)
    try:  # built as for an index build (clauses given): the engine on every core
        encoder = build_encoder(E5_OFFLINE, paths.root, Tokenizer.from_directory(), clauses=[])
    except EmbeddingModelError as exc:
        raise click.ClickException(str(exc)) from exc
    cache = EmbeddingCache.open(paths.embeddings)
    try:
        count = pack_defaults(
            output,
            {"seed": DEFAULT_DOCUMENTS, "statutes": DEFAULT_STATUTES},
            encoder=encoder,
            fingerprint=encoder_fingerprint(E5_OFFLINE),
            cache=cache,
            fresh=fresh,
        )
    finally:
        cache.close()
    click.echo(f"{count} clause vectors of the default knowledge written to {output}")


@kb.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--no-build", is_flag=True, help="Only import; build the index later with `kb build`.")
def kb_import(paths: tuple[Path, ...], no_build: bool) -> None:
    """Import policy documents (.md, .txt, .docx; files or folders), then rebuild the index."""
    settings = get_settings()
    library = Library.open(settings.knowledge_paths.library)
    import_defaults(library, settings.default_documents)
    outcomes = import_paths(library, paths)
    for o in outcomes:
        detail = f"{o.title} ({o.clauses} clauses)" if o.status != "refused" else o.message
        click.echo(f"{o.status:9s}  {o.path}: {detail}")
    refused = sum(o.status == "refused" for o in outcomes)
    click.echo(f"{len(outcomes) - refused} imported or unchanged, {refused} refused")
    if not no_build:
        _rebuild(settings)
    if refused:
        sys.exit(1)


def _find(library: Library, key: str) -> Document:
    try:
        return library.find(key)
    except DocumentNotFound as exc:
        raise click.ClickException(f"no document with id, title or 文号 {key!r} (see `ecoassist kb list`)") from exc


@kb.command("remove")
@click.argument("document")
def kb_remove(document: str) -> None:
    """Remove a document (by id, exact title or 文号) and its clauses, then rebuild the index."""
    settings = get_settings()
    library = Library.open(settings.knowledge_paths.library)
    doc = _find(library, document)
    library.remove(doc_id=doc.doc_id)
    click.echo(f"removed {doc.title}")
    _rebuild(settings)


@kb.command("repeal")
@click.argument("document")
@click.option("--undo", is_flag=True, help="Mark the document effective again.")
def kb_repeal(document: str, undo: bool) -> None:
    """Mark a document repealed (kept, but no longer searched), then rebuild the index."""
    settings = get_settings()
    library = Library.open(settings.knowledge_paths.library)
    doc = _find(library, document)
    library.set_status(doc_id=doc.doc_id, status="effective" if undo else "repealed")
    click.echo(f"{'effective' if undo else 'repealed'}: {doc.title}")
    _rebuild(settings)


@kb.command("dictionary")
@click.option(
    "--terms",
    type=click.Path(dir_okay=False, path_type=Path),
    default=KB_TERMS_FILE,
    show_default=True,
    help="jieba dictionary of knowledge-base terms (shared with Rasa's JiebaTokenizer).",
)
@click.option(
    "--lookups",
    type=click.Path(dir_okay=False, path_type=Path),
    default=LOOKUPS_FILE,
    show_default=True,
    help="Rasa lookup tables (training data).",
)
def kb_dictionary(terms: Path, lookups: Path) -> None:
    """Regenerate Rasa's tokenizer dictionary and lookup tables from the library and the catalogue."""
    settings = get_settings()
    library = Library.open(settings.knowledge_paths.library)
    import_defaults(library, settings.default_documents)
    names = _catalogue(settings).names()
    count = write_dictionary(
        library, Lexicon.from_directory(DEFAULT_LEXICON), names, terms_path=terms, lookups_path=lookups
    )
    click.echo(f"{count} terms written to {terms} and {lookups}; retrain Rasa (`make model`) to use them")


@kb.command("eval")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--misses", is_flag=True, help="Also list the questions not answered at rank 1.")
def kb_eval(questions: Path, misses: bool) -> None:
    """Hit@1, Hit@5, MRR@10 and no-answer precision/recall, per channel and fused."""
    settings = get_settings()
    searcher = _searcher(settings)
    try:
        qs = load_questions(questions)
    except QuestionFileError as exc:
        raise click.ClickException(str(exc)) from exc
    for name, config in channel_configs(searcher.config).items():
        report = evaluate(searcher, qs, name=name, config=config)
        click.echo(report.row())
        if misses:
            for line in report.misses:
                click.echo(f"    {line}")
    click.echo(f"({len(qs)} questions: {report.in_scope} in scope, {report.out_of_scope} out of scope)")


@kb.command("list")
def kb_list() -> None:
    """Documents in the library with their clause counts."""
    library = Library.open(get_settings().knowledge_paths.library)
    counts = library.clause_counts()
    for doc in library.documents():
        click.echo(f"{counts.get(doc.doc_id, 0):5d}  {doc.status:9s}  {doc.title}  {doc.doc_no}".rstrip())


@kb.command("services")
def kb_services() -> None:
    """Service items in the catalogue, and the placeholders the bureau still has to fill in."""
    for item in _catalogue(get_settings()):
        click.echo(f"{item.id:28s} {item.category}  {item.name}  ({len(item.questions)} questions)")
        for placeholder in item.placeholders():
            click.echo(f"    待填写: {placeholder}")


def _searcher(settings: Settings) -> Searcher:
    try:
        return open_searcher(settings)
    except IndexMissing as exc:
        raise click.ClickException(str(exc)) from exc


def _result_json(result: SearchResult) -> str:
    hits = []
    for hit in result.hits:
        cite = Citation.from_hit(hit).model_dump()
        hits.append({k: cite[k] for k in ("document", "doc_no", "article", "score", "text", "departments")})
    return json.dumps({"query": result.query, "answered": result.answered, "hits": hits}, ensure_ascii=False)


@kb.command("search")
@click.argument("query", required=False)
@click.option("-k", "k", default=5, show_default=True, help="How many hits.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per query.")
@click.option("--queries", type=click.File("r", encoding="utf-8"), help="A file with one query per line.")
def kb_search(query: str | None, k: int, as_json: bool, queries: Iterable[str] | None) -> None:
    """Search the knowledge base."""
    searcher = _searcher(get_settings())
    lines = [q.strip() for q in queries] if queries is not None else [query or ""]
    if not any(lines):
        raise click.UsageError("give a QUERY or --queries FILE")
    for line in lines:
        result = searcher.search(line, k=k)
        if as_json:
            click.echo(_result_json(result))
            continue
        click.echo(f"{'answered' if result.answered else 'NO ANSWER'}: {line}")
        for hit in result.hits:
            click.echo(f"  {hit.score:7.2f}  cov {hit.coverage:.2f}  《{hit.document.title}》{hit.clause.label}")
