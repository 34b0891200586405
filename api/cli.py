"""The ``ecoassist`` command: the knowledge base (:mod:`api.kb_commands`), staff accounts
(:mod:`api.staff_commands`), the three services and a health watcher."""

from __future__ import annotations

import copy
import logging
import os
import time
from pathlib import Path
from urllib.parse import urlparse

import click
import httpx

from api.kb_commands import kb
from api.personal_data import mask_logs
from api.settings import Settings, get_settings
from api.staff_commands import staff

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
    # httpx logs every request's URL at INFO, and the URLs of Rasa's HTTP API carry its token
    logging.getLogger("httpx").setLevel(logging.WARNING)
    mask_logs()


main.add_command(kb)
main.add_command(staff)


# ---------------------------------------------------------------- services


@main.group()
def serve() -> None:
    """Run one of the three services (`make run` starts all of them under honcho)."""


@serve.command("rasa")
def serve_rasa() -> None:
    """The Rasa server, with its HTTP API behind the token from the settings."""
    settings = get_settings()
    python = settings.rasa_venv / "bin" / "python"
    if not python.exists():
        raise click.ClickException(f"{python} not found: run `make .venv-rasa` first")
    env = {
        **os.environ,
        "ECOASSIST_ACTION_ENDPOINT": settings.action_server_url.rstrip("/") + "/webhook",
        "ECOASSIST_RASA_TRACKER_DB": str((settings.home / "rasa_tracker.db").resolve()),
        "ECOASSIST_RASA_TOKEN": settings.rasa_token.get_secret_value(),  # read by bot.launcher, never argv
        "RASA_TELEMETRY_ENABLED": "false",
    }
    args = [
        str(python), "-m", "bot.launcher",
        "--enable-api",
        "--interface", urlparse(settings.rasa_url).hostname or "127.0.0.1",
        "--port", str(_port(settings.rasa_url, 5005)),
        "--model", str(settings.rasa_model),
        "--endpoints", "bot/endpoints.yml",
        "--credentials", "bot/credentials.yml",
    ]  # fmt: skip
    settings.home.mkdir(parents=True, exist_ok=True)
    os.chdir(PROJECT_ROOT)
    os.execve(str(python), args, env)


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
    # The knowledge base and the service recogniser are loaded before the port opens: while
    # they load (a few seconds of CPU) Rasa gets "connection refused" and the user the busy
    # answer at once, rather than answers that take seconds each (a kill -9 of the action
    # server under load, docs/reliability.md).
    from actions.knowledge_base import warm

    warm()
    host = urlparse(settings.action_server_url).hostname or "127.0.0.1"
    app.run(host=host, port=_port(settings.action_server_url, 5055), single_process=True, motd=False, access_log=False)


@serve.command("gateway")
def serve_gateway() -> None:
    """The FastAPI gateway (chat page, chat API, health)."""
    import uvicorn
    from uvicorn.config import LOGGING_CONFIG

    from api.main import create_app

    settings = get_settings()
    log_config = copy.deepcopy(LOGGING_CONFIG)  # uvicorn's own, with its lines masked and query strings dropped
    log_config["filters"] = {
        "mask": {"()": "api.personal_data.MaskingFilter"},
        "no_query": {"()": "api.personal_data.QueryStripped"},
    }
    log_config["handlers"]["default"]["filters"] = ["mask"]
    log_config["handlers"]["access"]["filters"] = ["no_query", "mask"]
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=settings.log_level.lower(),
        log_config=log_config,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )


@main.command()
@click.option("--days", default=30.0, show_default=True, help="Conversations active in the last this many days.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="A file (default: standard output).")
def export(days: float, output: Path | None) -> None:
    """Transcripts as JSON lines, mobile numbers, 身份证号 and credit codes masked."""
    from api.store.database import open_database
    from api.transcripts import export_transcripts

    db = open_database(get_settings().database_path)
    try:
        with click.open_file(str(output) if output else "-", "w", encoding="utf-8") as out:
            written = export_transcripts(db, since_days=days, out=out)
    finally:
        db.conn.close()
    click.echo(f"exported {written} messages", err=True)


@main.command()
def purge() -> None:
    """Delete what is kept no longer: transcripts past ECOASSIST_RETENTION_DAYS, stale staff logins."""
    from api.store.database import open_database
    from api.store.retention import purge_rasa_events, purge_transcripts
    from api.store.staff import delete_stale_sessions

    settings = get_settings()
    db = open_database(settings.database_path)
    try:
        sessions = delete_stale_sessions(db, idle_minutes=settings.staff_idle_minutes)
        click.echo(f"staff sessions ended: {sessions}")
        if settings.retention_days <= 0:
            click.echo("transcripts kept (ECOASSIST_RETENTION_DAYS=0)")
            return
        purged = purge_transcripts(db, older_than_days=settings.retention_days)
        events = purge_rasa_events(settings.home / "rasa_tracker.db", sender_ids=purged.conversation_ids)
    finally:
        db.conn.close()
    click.echo(
        f"purged after {settings.retention_days} days: {purged.messages} messages of {purged.conversations}"
        f" conversations, {purged.feedback} feedback, {purged.notes} notes, {events} Rasa events"
    )


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
