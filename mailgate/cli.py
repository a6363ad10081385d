"""The `mailgate` command: serve, database migrations, one-off processing of a message file, and the
operator's view and edits of staff, conversations, customers, subscriptions, audit and outbox.

Every command takes --config PATH (or $MAILGATE_CONFIG). Errors print one line on stderr and exit 2."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from mailgate import __version__, config, logs
from mailgate.addresses import normalise_address
from mailgate.app import Daemon, build_deps, utcnow
from mailgate.classify import classify_bytes
from mailgate.errors import ConfigError, MailgateError, NotFound
from mailgate.pipeline import Envelope, process
from mailgate.store import admin, db, ops, queue
from mailgate.store.models import BOUNCED, DO_NOT_EMAIL, UNSUBSCRIBED
from mailgate.workers import supervise

EXIT_ERROR = 2
T = TypeVar("T")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        cfg = config.load(getattr(args, "config", None))
        logs.configure(cfg.logging.level, cfg.logging.format)
        return int(args.func(cfg, args))
    except MailgateError as exc:
        print(f"mailgate: {exc.render()}", file=sys.stderr)
        return EXIT_ERROR
    except OSError as exc:  # a missing file, a port already in use: one line, not a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"mailgate: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand's --config must not overwrite one given before the subcommand.
    common.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="TOML config file (default: $MAILGATE_CONFIG, else built-in defaults)",
    )
    p = argparse.ArgumentParser(prog="mailgate", parents=[common], description=__doc__)
    p.add_argument("--version", action="version", version=f"mailgate {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    def cmd(
        name: str, func: Callable[[config.Config, argparse.Namespace], int], help: str, parent: Any = sub
    ) -> argparse.ArgumentParser:
        sp: argparse.ArgumentParser = parent.add_parser(name, parents=[common], help=help)
        sp.set_defaults(func=func)
        return sp

    cmd("serve", _serve, "run the SMTP daemon and the delivery worker")
    dbp = sub.add_parser("db", help="database schema").add_subparsers(dest="db_command", required=True)
    cmd("upgrade", _db_upgrade, "apply migrations up to the newest schema", dbp)

    pr = cmd("process", _process, "run one message file through the pipeline, without SMTP")
    pr.add_argument("file", help="an .eml file, or - for standard input")
    pr.add_argument("--rcpt", help="envelope recipient (default: mailgate@<first domain>)")
    pr.add_argument("--mail-from", default=None, help="envelope sender (default: the From address)")
    pr.add_argument("--peer", default=None, help="SMTP peer IP to assume (for trusted relays)")
    pr.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")

    st = sub.add_parser("staff", help="who may send commands").add_subparsers(
        dest="staff_command", required=True
    )
    a = cmd("add", _staff_add, "add or change a staff member", st)
    a.add_argument("address")
    a.add_argument("--role", choices=admin.ROLES, required=True)
    cmd("remove", _staff_remove, "remove a staff member", st).add_argument("address")
    cmd("list", _staff_list, "list staff", st)

    cv = sub.add_parser("conversation", help="conversations").add_subparsers(
        dest="conv_command", required=True
    )
    a = cmd("add", _conversation_add, "add a conversation", cv)
    a.add_argument("name")
    a.add_argument("--owner", help="owner's address (alerts, forwarded replies)")
    a.add_argument("--alert-owner", action="store_true", help="alert the owner of every opt-out")
    cmd("list", _conversation_list, "list conversations", cv)
    a = cmd("alerts", _conversation_alerts, "turn the owner's opt-out alerts on or off", cv)
    a.add_argument("name")
    a.add_argument("state", choices=("on", "off"))

    cu = sub.add_parser("customer", help="customer records").add_subparsers(
        dest="cust_command", required=True
    )
    a = cmd("add", _customer_add, "add a customer record", cu)
    a.add_argument("address")
    a.add_argument("--id", dest="customer_id", help="customer id (default: C-<n>)")

    for name, func in (("subscribe", _subscribe), ("unsubscribe", _unsubscribe)):
        a = cmd(name, func, f"{name} an address (as the operator)")
        a.add_argument("address")
        a.add_argument("conversation", nargs="?" if name == "unsubscribe" else None)
        a.add_argument("--id", dest="customer_id", help="narrow to one customer record")
        a.add_argument("--reason", help="stored with the change; needed to put back an unsubscribed customer")

    cmd("audit", _audit, "audit records about an address").add_argument("address")
    ob = sub.add_parser("outbox", help="mail mailgate sends").add_subparsers(
        dest="outbox_command", required=True
    )
    cmd("list", _outbox_list, "list outbox rows", ob).add_argument("--failed", action="store_true")
    cmd("retry", _outbox_retry, "queue a failed row again", ob).add_argument("id", type=int)

    cmd("classify", _classify, "what a customer's reply asks for, as JSON (no database needed)").add_argument(
        "file", help="an .eml file, or - for standard input"
    )

    t = cmd("token", _token, "print a reply/unsubscribe/bounce address carrying a token")
    t.add_argument("address")
    t.add_argument("conversation")
    t.add_argument("--id", dest="customer_id", help="the customer record, when several share the address")
    t.add_argument("--purpose", choices=("reply", "unsubscribe", "bounce"), required=True)
    cmd("revoke-token", _revoke_token, "withdraw a token address before its time").add_argument(
        "address", help="the token address (or the token alone)"
    )

    ls = cmd("list", _list, "addresses by status (seed 001's filter)")
    ls.add_argument("--status", choices=(UNSUBSCRIBED, DO_NOT_EMAIL, BOUNCED), required=True)
    ls.add_argument("--json", action="store_true", help="print JSON")

    s = cmd("status", _status, "subscription state of an address")
    s.add_argument("address")
    s.add_argument("--json", action="store_true", help="print JSON")
    return p


def _engine(cfg: config.Config, check: bool = True) -> Engine:
    engine = db.make_engine(cfg.database.url, cfg.database.busy_timeout_ms)
    if check:
        db.check_schema(engine)
    return engine


def _operator(reason: str | None = None) -> ops.Actor:
    return ops.Actor(f"cli:{getpass.getuser()}", "operator", utcnow(), "local operator", None, reason)


def _write(cfg: config.Config, work: Callable[[Session], T]) -> T:
    with db.sessions(_engine(cfg))() as s, s.begin():
        return work(s)


def _serve(cfg: config.Config, args: argparse.Namespace) -> int:
    engine = _engine(cfg)
    if cfg.smtp.workers > 1:
        engine.dispose()
        return supervise(cfg)
    asyncio.run(Daemon(cfg, engine).run())
    return 0


def _db_upgrade(cfg: config.Config, args: argparse.Namespace) -> int:
    engine = _engine(cfg, check=False)
    before = db.current_revision(engine)
    db.upgrade(engine)
    print(f"database at revision {db.current_revision(engine)} (was {before or 'empty'})")
    return 0


def _process(cfg: config.Config, args: argparse.Namespace) -> int:
    raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    deps = build_deps(cfg, _engine(cfg), dry_run=args.dry_run)
    rcpt = normalise_address(args.rcpt) if args.rcpt else f"mailgate@{cfg.smtp.domains[0]}"
    mail_from = args.mail_from
    if mail_from is None:
        from mailgate.message import parse_message

        mail_from = parse_message(raw).from_address or ""
    outcome = process(raw, Envelope(mail_from, rcpt, args.peer), deps)
    print(json.dumps({**outcome.__dict__, "dry_run": args.dry_run}, ensure_ascii=False))
    return 0


def _staff_add(cfg: config.Config, args: argparse.Namespace) -> int:
    address = normalise_address(args.address)
    _write(cfg, lambda s: admin.add_staff(s, _operator(), address, args.role))
    print(f"{address} is staff with role {args.role}")
    return 0


def _staff_remove(cfg: config.Config, args: argparse.Namespace) -> int:
    address = normalise_address(args.address)
    _write(cfg, lambda s: admin.remove_staff(s, _operator(), address))
    print(f"{address} removed from staff")
    return 0


def _staff_list(cfg: config.Config, args: argparse.Namespace) -> int:
    with db.sessions(_engine(cfg))() as s:
        for member in admin.list_staff(s):
            print(f"{member.address}\t{member.role}")
    return 0


def _conversation_add(cfg: config.Config, args: argparse.Namespace) -> int:
    owner = normalise_address(args.owner) if args.owner else None
    _write(cfg, lambda s: admin.add_conversation(s, _operator(), args.name, owner, args.alert_owner))
    print(f"conversation {' '.join(args.name.split())!r} added")
    return 0


def _conversation_list(cfg: config.Config, args: argparse.Namespace) -> int:
    with db.sessions(_engine(cfg))() as s:
        for conv in admin.list_conversations(s):
            alerts = "alerts" if conv.alert_owner else "-"
            print(f"{conv.name}\t{conv.owner or '-'}\t{alerts}")
    return 0


def _conversation_alerts(cfg: config.Config, args: argparse.Namespace) -> int:
    conv = _write(cfg, lambda s: admin.set_alerts(s, _operator(), args.name, args.state == "on"))
    print(
        f"conversation {conv.name!r}: owner alerts {args.state}" + ("" if conv.owner else " (no owner set)")
    )
    return 0


def _revoke_token(cfg: config.Config, args: argparse.Namespace) -> int:
    text = _write(cfg, lambda s: admin.revoke_token(s, _operator(), args.address, cfg.token_keys))
    print(f"token {text} revoked")
    return 0


def _customer_add(cfg: config.Config, args: argparse.Namespace) -> int:
    address = normalise_address(args.address)
    customer = _write(cfg, lambda s: admin.add_customer(s, _operator(), address, args.customer_id))
    print(f"customer {customer.id} <{address}> added")
    return 0


def _change(
    cfg: config.Config, args: argparse.Namespace, run: Callable[[Session, ops.Actor, str], ops.Result]
) -> int:
    address = normalise_address(args.address)
    result = _write(cfg, lambda s: run(s, _operator(args.reason), address))
    if result.outcome in (ops.DONE, ops.ALREADY):
        print(f"{result.outcome}: {result.detail}")
        return 0
    if result.outcome == ops.UNKNOWN_CONVERSATION:
        raise NotFound("conversation", args.conversation, result.suggestions)
    print(f"mailgate: {result.outcome}: {result.detail}", file=sys.stderr)
    return EXIT_ERROR


def _subscribe(cfg: config.Config, args: argparse.Namespace) -> int:
    return _change(
        cfg, args, lambda s, a, addr: ops.subscribe(s, a, addr, args.conversation, args.customer_id)
    )


def _unsubscribe(cfg: config.Config, args: argparse.Namespace) -> int:
    return _change(
        cfg, args, lambda s, a, addr: ops.unsubscribe(s, a, addr, args.conversation, args.customer_id)
    )


def _audit(cfg: config.Config, args: argparse.Namespace) -> int:
    address = normalise_address(args.address)
    with db.sessions(_engine(cfg))() as s:
        for row in reversed(admin.audit_for(s, address)):
            conv = f" [{row.conversation}]" if row.conversation else ""
            reason = f" reason={row.reason!r}" if row.reason else ""
            print(
                f"{row.at.isoformat()} {row.actor} {row.action} {row.target}{conv}: {row.outcome}{reason}"
                f" message={row.message_id or '-'} evidence={row.evidence or '-'}"
            )
    return 0


def _outbox_list(cfg: config.Config, args: argparse.Namespace) -> int:
    with db.sessions(_engine(cfg))() as s:
        for row in queue.list_outbox(s, failed_only=args.failed):
            print(
                f"{row.pk}\t{row.status}\t{row.kind}\t{row.rcpt_to}\tattempts={row.attempts}"
                f"\tnext={row.next_attempt_at.isoformat()}\t{row.last_error or ''}"
            )
    return 0


def _outbox_retry(cfg: config.Config, args: argparse.Namespace) -> int:
    lifetime = timedelta(hours=cfg.outbound.max_queue_lifetime_hours)
    _write(cfg, lambda s: queue.retry(s, args.id, utcnow(), lifetime))
    print(f"outbox row {args.id} queued for an immediate attempt")
    return 0


def _classify(cfg: config.Config, args: argparse.Namespace) -> int:
    raw = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    print(json.dumps(dataclasses.asdict(classify_bytes(raw)), ensure_ascii=False))
    return 0


def _token(cfg: config.Config, args: argparse.Namespace) -> int:
    if not cfg.tokens.keys:
        raise ConfigError(["tokens.keys: no token key configured"])
    address = normalise_address(args.address)
    with db.sessions(_engine(cfg))() as s:
        print(
            admin.token_address(s, cfg, address, args.conversation, args.customer_id, args.purpose, utcnow())
        )
    return 0


def _list(cfg: config.Config, args: argparse.Namespace) -> int:
    with db.sessions(_engine(cfg))() as s:
        rows = admin.listing(s, args.status)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        where = (
            f"{row['conversation']} (customer {row['customer']})"
            if row["conversation"]
            else "all conversations"
        )
        print(f"{row['address']}\t{row['status']}\t{where}\tsince {row['since']}\tby {row['source']}")
    return 0


def _status(cfg: config.Config, args: argparse.Namespace) -> int:
    address = normalise_address(args.address)
    with db.sessions(_engine(cfg))() as s:
        state = admin.status(s, address)
    if args.json:
        print(json.dumps(state, ensure_ascii=False))
        return 0
    print(f"{address}: {'SUPPRESSED (every conversation)' if state['suppressed'] else 'not suppressed'}")
    for customer in state["customers"]:
        print(f"  customer {customer['id']}")
        for name, value in customer["conversations"].items():
            print(f"    {name}: {value}")
    return 0
