"""The ``hadir`` command: run, migrate, import, invite, outbox, employee, summary, report,
backup, demo."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from bot.cli_support import (
    Redacting,
    Sleep,
    guarded,
    quiet_libraries,
    secrets,
    wait_for_telegram,
)
from bot.clock import SYSTEM_CLOCK, Clock
from bot.config import Settings, SettingsError, load_settings
from bot.texts import text

T = TypeVar("T")


def _settings(args: argparse.Namespace | None = None) -> Settings:
    """The settings; a bad one raises SettingsError, which ``main`` turns into
    one line per bad value (secrets hidden)."""
    return load_settings()


def _lang(args: argparse.Namespace, settings: Settings) -> str:
    return getattr(args, "lang", None) or settings.default_language


def _logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    hidden = secrets(settings.token, settings.database_url)
    if settings.webhook_secret is not None:  # never logged either
        hidden = (*hidden, settings.webhook_secret.get_secret_value())
    handler.setFormatter(Redacting(hidden))
    logging.basicConfig(level=settings.log_level.upper(), handlers=[handler], force=True)
    quiet_libraries()


def _database_reachable(settings: Settings, work: Callable[[], T]) -> T:
    """Run ``work``; a database that cannot be reached raises, and ``main``
    turns that into one clear line (see bot.cli_support.explain)."""
    return work()


def cmd_run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if not settings.token:
        print(text("cli.no_token_demo", _lang(args, settings)))
        return cmd_demo(args)
    from bot import web

    webhook = getattr(args, "webhook", False)
    if webhook and (refusal := web.webhook_refusal(settings, _lang(args, settings))):
        print(refusal, file=sys.stderr)
        return 2
    _logging(settings)
    from bot import admin

    problem = _database_reachable(settings,
                                  lambda: asyncio.run(admin.prepare_database(settings)))
    if problem:
        print(problem, file=sys.stderr)
        return 1
    from bot.app import build_application

    app = build_application(settings, clock=args.clock)
    # Telegram unreachable at boot is waited for; run_polling then finds the
    # bot initialised, on the same event loop
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(wait_for_telegram(
            app.bot, base_s=settings.startup_retry_base_s, max_s=settings.startup_retry_max_s,
            sleep=args.sleep, lang=_lang(args, settings), log=logging.getLogger("hadir")))
    except BaseException:
        loop.close()
        raise
    # the bot is initialised: PTB's own retries (bootstrap_retries) then only
    # cover the moment between that and polling (deleteWebhook). On PostgreSQL
    # the process leads only while it holds the lease (bot.leader, bot.runner);
    # the HTTP server (webhook, /healthz, /metrics) answers whatever the role
    from bot.runner import Polling, Receiver, Runner, run_forever, standby_elector

    lang = _lang(args, settings)
    elector = standby_elector(app)
    receiver: Receiver = (web.WebhookReceiver(settings, sleep=args.sleep, lang=lang) if webhook
                          else Polling(bootstrap_retries=-1 if elector is None else 0))
    runner = Runner(app, receiver, elector=elector,
                    services=web.services(app, settings, webhook=webhook, lang=lang))
    try:
        run_forever(runner, loop)
    except web.ListenError as exc:  # the port cannot be opened: one line
        print(exc, flush=True, file=sys.stderr)
        return 1
    finally:
        loop.close()
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    settings = _settings(args)
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
            lang=_lang(args, settings),
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


def cmd_summary(args: argparse.Namespace) -> int:
    """``hadir summary --week YYYY-Www --unit CODE [--png FILE]``."""
    settings = _settings()
    from bot.summary_cli import weekly_summary

    ok, output = _database_reachable(settings, lambda: asyncio.run(weekly_summary(
        settings, week=args.week, unit=args.unit, png=Path(args.png) if args.png else None,
        lang=_lang(args, settings), clock=args.clock)))
    print(output, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def _summary_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    one = sub.add_parser("summary", help=text("summary.cli.help", "id"))
    one.add_argument("--week", required=True, help=text("summary.cli.help_week", "id"))
    one.add_argument("--unit", required=True, help=text("summary.cli.help_unit", "id"))
    one.add_argument("--png", help=text("summary.cli.help_png", "id"))
    one.add_argument("--lang", choices=("id", "en"), default=None)
    one.set_defaults(func=cmd_summary)


def cmd_report(args: argparse.Namespace) -> int:
    """``hadir report --month YYYY-MM [--unit CODE] --out FILE.xlsx [--csv]``."""
    settings = _settings()
    from bot import report_cli

    ok, line = _database_reachable(settings, lambda: asyncio.run(report_cli.write_report(
        settings, month=args.month, unit=args.unit, out=Path(args.out), with_csv=args.csv,
        lang=_lang(args, settings), clock=args.clock)))
    print(line, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def _report_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rep = sub.add_parser("report", help=text("cli.help.report", "id"))
    rep.add_argument("--month", required=True, help=text("cli.help.report_month", "id"))
    rep.add_argument("--unit", help=text("cli.help.report_unit", "id"))
    rep.add_argument("--out", required=True, help=text("cli.help.report_out", "id"))
    rep.add_argument("--csv", action="store_true", help=text("cli.help.report_csv", "id"))
    rep.add_argument("--lang", choices=("id", "en"), default=None)
    rep.set_defaults(func=cmd_report)


def cmd_backup(args: argparse.Namespace) -> int:
    """``hadir backup FILE``: an online copy of the SQLite database."""
    settings = _settings()
    from bot.backup import backup

    ok, line = backup(settings, Path(args.file), _lang(args, settings))
    print(line, file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


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
    run = sub.add_parser("run", help=text("cli.help.run", "id"))
    run.add_argument("--webhook", action="store_true", help=text("web.help_webhook", "id"))
    run.set_defaults(func=cmd_run)
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
    _summary_parser(sub)
    _report_parser(sub)
    bak = sub.add_parser("backup", help=text("cli.help.backup", "id"))
    bak.add_argument("file", help=text("cli.help.backup_file", "id"))
    bak.add_argument("--lang", choices=("id", "en"), default=None)
    bak.set_defaults(func=cmd_backup)
    for name in ("run", "migrate", "import", "invite", "outbox", "demo"):
        sub.choices[name].add_argument("--lang", choices=("id", "en"), default=None)
    return p


def main(argv: list[str] | None = None, *, clock: Clock = SYSTEM_CLOCK,
         sleep: Sleep = asyncio.sleep) -> int:
    """``clock`` is the one source of "now" for every subcommand, ``sleep`` the
    one way to wait (tests pass their own). A failure an admin can fix (bad
    setting, rejected token, Telegram or the database unreachable) is one line
    in their language and a non-zero status, never a secret."""
    args = parser().parse_args(argv)
    args.clock, args.sleep = clock, sleep
    return guarded(lambda: int(args.func(args)), lang=getattr(args, "lang", None))


if __name__ == "__main__":
    raise SystemExit(main())
