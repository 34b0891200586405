"""``ecoassist staff …``: staff accounts for the console (add, passwd, disable, list).

Passwords are asked for twice at a hidden prompt, or read from standard input with
``--password-stdin`` (for provisioning scripts); they never appear on the command line.
"""

from __future__ import annotations

import sys

import click
import sqlite_utils

from api.settings import get_settings
from api.store.database import open_database
from api.store.staff import MIN_PASSWORD_CHARS, StaffError, add_staff, disable_staff, list_staff, set_password


def _db() -> sqlite_utils.Database:
    return open_database(get_settings().database_path)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(
        click.prompt(f"Password (at least {MIN_PASSWORD_CHARS} characters)", hide_input=True, confirmation_prompt=True)
    )


@click.group()
def staff() -> None:
    """Staff accounts of the console: agents work their departments' queue, admins everything."""


@staff.command("add")
@click.argument("name")
@click.option("--department", "departments", multiple=True, help="A department they serve, e.g. 环评处 (repeatable).")
@click.option("--admin", is_flag=True, help="An administrator: every queue, staff accounts and knowledge.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def staff_add(name: str, departments: tuple[str, ...], admin: bool, password_stdin: bool) -> None:
    """Create the account NAME."""
    if not departments and not admin:
        raise click.UsageError("an agent needs at least one --department (or make them --admin)")
    try:
        member = add_staff(
            _db(),
            name=name,
            password=_password(password_stdin),
            departments=list(departments),
            role="admin" if admin else "agent",
        )
    except StaffError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"added {member.role} {member.name} ({'、'.join(member.departments) or 'all departments'})")


@staff.command("passwd")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the new password from standard input.")
def staff_passwd(name: str, password_stdin: bool) -> None:
    """Set a new password for NAME (their open sessions end)."""
    try:
        set_password(_db(), name=name, password=_password(password_stdin))
    except StaffError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"password of {name} changed")


@staff.command("disable")
@click.argument("name")
def staff_disable(name: str) -> None:
    """Lock the account NAME (their open sessions end)."""
    try:
        disable_staff(_db(), name=name)
    except StaffError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{name} disabled")


@staff.command("list")
def staff_list() -> None:
    """Every account with role, departments and whether it is active."""
    for member in list_staff(_db()):
        state = "disabled" if member.disabled else "active"
        click.echo(f"{member.name}\t{member.role}\t{'、'.join(member.departments) or '-'}\t{state}")
