"""The ``ecoassist`` command: knowledge base, the three services, and a health watcher."""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import click
import httpx

from knowledge.builder import Progress, build_index, import_defaults
from knowledge.dense import EmbeddingModelError
from knowledge.dictionary import KB_TERMS_FILE, write_dictionary
from knowledge.evaluation import QuestionFileError, channel_configs, evaluate, load_questions
from knowledge.importer import import_paths
from knowledge.library import DocumentNotFound, Library
from knowledge.manifest import IndexMissing
from knowledge.records import Clause, Document, SearchResult
from knowledge.search import Searcher
from knowledge.settings import Settings, get_settings
from knowledge.tokenizer import DEFAULT_LEXICON, Lexicon, Tokenizer

PROJECT_ROOT = Path(__file__).resolve().parent.parent
logger = logging.getLogger("ecoassist")


def _port(url: str, default: int) -> int:
    return urlparse(url).port or default


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log at DEBUG level.")
def main(verbose: bool) -> None:
    """ecoassist：上海市生态环境局企业服务智能咨询。"""
    level = logging.DEBUG if verbose else getattr(logging, get_settings().log_level.upper(), logging.INFO)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


# ---------------------------------------------------------------- knowledge base
@main.group()
def kb() -> None:
    """The knowledge base: documents, clauses and the search index."""


@kb.command("build")
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed.")
def kb_build(force: bool) -> None:
    """Build the search index under $ECOASSIST_HOME if the library or the model changed."""

    def progress(clauses: Iterable[Clause]) -> Iterator[Clause]:
        with click.progressbar(list(clauses), label="索引条款", file=sys.stderr) as bar:
            yield from bar

    _rebuild(get_settings(), force=force, progress=progress)


def _rebuild(settings: Settings, *, force: bool = False, progress: Progress | None = None) -> None:
    try:
        report = build_index(
            settings.knowledge_paths,
            Tokenizer.from_directory(),
            embedding_model=settings.embedding_model,
            query_prefix=settings.embedding_query_prefix,
            force=force,
            progress=progress,
        )
    except EmbeddingModelError as exc:
        raise click.ClickException(str(exc)) from exc
    m = report.manifest
    state = "built" if report.built else "up to date"
    channels = ", ".join(m.channels) + (f" ({m.model}, {m.dimension} dims)" if m.model else "")
    click.echo(f"knowledge index {state}: {m.clause_count} clauses from {m.document_count} documents; {channels}")


@kb.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--no-build", is_flag=True, help="Only import; build the index later with `kb build`.")
def kb_import(paths: tuple[Path, ...], no_build: bool) -> None:
    """Import policy documents (.md, .txt, .docx; files or folders), then rebuild the index."""
    settings = get_settings()
    library = Library.open(settings.knowledge_paths.library)
    import_defaults(library)
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
def kb_dictionary() -> None:
    """Regenerate knowledge/data/jieba/kb_terms.txt (Rasa's tokenizer dictionary) from the library."""
    settings = get_settings()
    library = Library.open(settings.knowledge_paths.library)
    import_defaults(library)
    count = write_dictionary(library, Lexicon.from_directory(DEFAULT_LEXICON))
    click.echo(f"{count} terms written to {KB_TERMS_FILE}; retrain Rasa (`make model`) to use them")


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


def _searcher(settings: Settings) -> Searcher:
    try:
        return settings.open_searcher()
    except IndexMissing as exc:
        raise click.ClickException(str(exc)) from exc


def _result_json(result: SearchResult) -> str:
    hits = []
    for hit in result.hits:
        cite = hit.citation()
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


# ---------------------------------------------------------------- services
@main.group()
def serve() -> None:
    """Run one of the three services (`make run` starts all of them under honcho)."""


@serve.command("rasa")
def serve_rasa() -> None:
    """The Rasa server, with its HTTP API behind the token from the settings."""
    settings = get_settings()
    rasa = settings.rasa_venv / "bin" / "rasa"
    if not rasa.exists():
        raise click.ClickException(f"{rasa} not found: run `make .venv-rasa` first")
    env = {
        **os.environ,
        "ECOASSIST_ACTION_ENDPOINT": settings.action_server_url.rstrip("/") + "/webhook",
        "ECOASSIST_RASA_TRACKER_DB": str((settings.home / "rasa_tracker.db").resolve()),
        "RASA_TELEMETRY_ENABLED": "false",
    }
    args = [
        str(rasa), "run",
        "--enable-api", "--auth-token", settings.rasa_token.get_secret_value(),
        "--interface", urlparse(settings.rasa_url).hostname or "127.0.0.1",
        "--port", str(_port(settings.rasa_url, 5005)),
        "--model", str(settings.rasa_model),
        "--endpoints", "bot/endpoints.yml",
        "--credentials", "bot/credentials.yml",
    ]  # fmt: skip
    settings.home.mkdir(parents=True, exist_ok=True)
    os.chdir(PROJECT_ROOT)
    os.execve(str(rasa), args, env)


@serve.command("actions")
def serve_actions() -> None:
    """The rasa-sdk action server for the ``actions`` package, in a single process.

    ``python -m rasa_sdk`` runs Sanic's worker manager, whose worker outlives a killed
    parent and keeps the port: a supervisor would never notice. One process that
    exits when it fails is what ``make run`` can supervise.
    """
    from rasa_sdk.endpoint import create_app as create_action_app
    from rasa_sdk.executor import ActionExecutor

    settings = get_settings()
    os.chdir(PROJECT_ROOT)
    executor = ActionExecutor()
    executor.register_package("actions")
    app = create_action_app(executor, cors_origins="")
    host = urlparse(settings.action_server_url).hostname or "127.0.0.1"
    app.run(host=host, port=_port(settings.action_server_url, 5055), single_process=True, motd=False, access_log=False)


@serve.command("gateway")
def serve_gateway() -> None:
    """The FastAPI gateway (chat page, chat API, health)."""
    import uvicorn

    from api.main import create_app

    settings = get_settings()
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level=settings.log_level.lower())


@main.command()
@click.option("--interval", default=15.0, show_default=True, help="Seconds between checks once ready.")
def watch(interval: float) -> None:
    """Wait until every part is healthy, print the chat URL, then report any part that goes down."""
    settings: Settings = get_settings()
    url = f"http://127.0.0.1:{settings.port}/health"
    ready = False
    down: set[str] = set()
    with httpx.Client(timeout=5.0) as http:
        while True:
            try:
                parts = http.get(url).json().get("parts", {})
            except (httpx.HTTPError, ValueError):
                parts = {"gateway": {"ok": False, "detail": "not answering"}}
            now_down = {name for name, part in parts.items() if not part.get("ok")}
            if not now_down and not ready:
                ready = True
                click.echo(f"\n  ecoassist 已就绪 / ready: {settings.chat_url}\n", err=True)
            elif ready and now_down != down:
                for name in sorted(now_down - down):
                    logger.error("%s is DOWN: %s", name, parts.get(name, {}).get("detail", ""))
                for name in sorted(down - now_down):
                    logger.warning("%s is back up", name)
            down = now_down
            time.sleep(interval if ready else 1.0)


if __name__ == "__main__":
    main()
