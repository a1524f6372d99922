"""The ``hadir`` command: run, migrate, import, invite, outbox, employee, demo."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bot.clock import SYSTEM_CLOCK, Clock
from bot.config import Settings, SettingsError, load_settings
from bot.texts import text

T = TypeVar("T")


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        print(text("cli.bad_settings", "id"), file=sys.stderr)
        print(str(exc), file=sys.stderr)
        raise SystemExit(2) from None


class _Redacting(logging.Formatter):
    """Whatever a library logs (PTB puts a rejected token in its error), the
    token never reaches the log."""

    def __init__(self, secret: str | None) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.secret = secret

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        return line.replace(self.secret, "[TELEGRAM_BOT_TOKEN]") if self.secret else line


def _logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(_Redacting(settings.token))
    logging.basicConfig(level=settings.log_level.upper(), handlers=[handler], force=True)
    # httpx logs every request URL, and the URL holds the bot token
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)


def _database_reachable(settings: Settings, work: Callable[[], T]) -> T:
    """Run ``work``; turn a database that cannot be reached into one clear line."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return work()
    except (OSError, SQLAlchemyError) as exc:
        reason = str(exc).splitlines()[0][:300]
        print(text("cli.database_unreachable", settings.default_language, reason=reason),
              file=sys.stderr)
        raise SystemExit(1) from None


def cmd_run(args: argparse.Namespace) -> int:
    settings = _settings()
    if not settings.token:
        print(text("cli.no_token_demo", settings.default_language))
        return cmd_demo(args)
    _logging(settings)
    from bot import admin

    problem = _database_reachable(settings,
                                  lambda: asyncio.run(admin.prepare_database(settings)))
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from telegram import Update
    from telegram.error import InvalidToken

    from bot.app import build_application

    try:
        build_application(settings).run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:  # its message holds the token: never print it
        print(text("cli.token_rejected", settings.default_language), file=sys.stderr)
        return 2
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = _settings()
    _logging(settings)
    from bot import admin

    print(_database_reachable(settings, lambda: asyncio.run(admin.migrate(settings))))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    settings = _settings()
    from bot import admin

    lang = args.lang or settings.default_language
    ok, report = _database_reachable(settings, lambda: asyncio.run(
        admin.import_file(settings, Path(args.file), lang=lang, clock=args.clock)))
    print(report, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def cmd_invite(args: argparse.Namespace) -> int:
    settings = _settings()
    from bot import admin

    ok, output = asyncio.run(
        admin.invite(
            settings,
            nip=args.nip,
            unit=args.unit,
            everyone=args.all,
            include_bound=args.include_bound,
            csv_path=Path(args.csv) if args.csv else None,
            lang=args.lang,
            clock=args.clock,
        )
    )
    print(output, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def cmd_outbox(args: argparse.Namespace) -> int:
    settings = _settings()
    from bot import admin

    print(_database_reachable(settings, lambda: asyncio.run(
        admin.outbox_report(settings, retry=args.retry, clock=args.clock,
                            lang=args.lang or settings.default_language))))
    return 0


def cmd_employee(args: argparse.Namespace) -> int:
    """``hadir employee deactivate NIP`` / ``hadir employee unbind NIP``."""
    settings = _settings()
    from bot import admin

    lang = args.lang or settings.default_language
    action = {"deactivate": admin.deactivate_employee, "unbind": admin.unbind_employee}
    ok, output = _database_reachable(settings, lambda: asyncio.run(
        action[args.action](settings, args.nip, lang=lang, clock=args.clock)))
    print(output, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def _employee_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    emp = sub.add_parser("employee", help=text("cli.help.employee", "id"))
    actions = emp.add_subparsers(dest="action", required=True)
    for action in ("deactivate", "unbind"):
        one = actions.add_parser(action, help=text(f"cli.help.employee_{action}", "id"))
        one.add_argument("nip", help=text("cli.help.employee_nip", "id"))
        one.add_argument("--lang", choices=("id", "en"), default=None)
    emp.set_defaults(func=cmd_employee)


def cmd_demo(args: argparse.Namespace) -> int:
    from bot.demo import run_demo

    lang = getattr(args, "lang", None)
    if lang is None:
        try:
            lang = load_settings().default_language
        except SettingsError:
            lang = "id"
    return asyncio.run(run_demo(lang=lang))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hadir", description=text("cli.description", "id"))
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help=text("cli.help.run", "id")).set_defaults(func=cmd_run)
    sub.add_parser("migrate", help=text("cli.help.migrate", "id")).set_defaults(func=cmd_migrate)
    imp = sub.add_parser("import", help=text("cli.help.import", "id"))
    imp.add_argument("file", help=text("cli.help.import_file", "id"))
    imp.set_defaults(func=cmd_import)
    inv = sub.add_parser("invite", help=text("cli.help.invite", "id"))
    who = inv.add_mutually_exclusive_group(required=True)
    who.add_argument("--nip", action="append", help=text("cli.help.invite_nip", "id"))
    who.add_argument("--unit", help=text("cli.help.invite_unit", "id"))
    who.add_argument("--all", action="store_true", help=text("cli.help.invite_all", "id"))
    inv.add_argument(
        "--include-bound", action="store_true", help=text("cli.help.invite_bound", "id")
    )
    inv.add_argument("--csv", help=text("cli.help.invite_csv", "id"))
    inv.set_defaults(func=cmd_invite)
    out = sub.add_parser("outbox", help=text("cli.help.outbox", "id"))
    out.add_argument("--retry", action="store_true", help=text("cli.help.outbox_retry", "id"))
    out.set_defaults(func=cmd_outbox)
    sub.add_parser("demo", help=text("cli.help.demo", "id")).set_defaults(func=cmd_demo)
    _employee_parser(sub)
    for name in ("import", "invite", "outbox", "demo"):
        sub.choices[name].add_argument("--lang", choices=("id", "en"), default=None)
    return p


def main(argv: list[str] | None = None, *, clock: Clock = SYSTEM_CLOCK) -> int:
    """``clock`` is the one source of "now" for every subcommand."""
    args = parser().parse_args(argv)
    args.clock = clock
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
