"""The one use case: a received message for one recipient goes in, an Outcome comes out, and every
effect (claim, subscription changes, audit rows, raw copy, outbox reply) is committed in ONE transaction
before the caller answers 250. Synchronous on purpose: the SMTP layer runs it in a worker thread.

Order matters: the From address is looked up among staff before any DKIM or DNS work, so mail from
strangers costs one indexed read."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from mailgate.addresses import domain_of
from mailgate.auth import AuthPolicy, AuthResult, DnsTxtFunc, authenticate
from mailgate.commands import Command, Parsed, parse_commands
from mailgate.config import Config
from mailgate.errors import MailgateError, ProcessingError, StoreUnavailable
from mailgate.message import Inbound, parse_message, structural_problems
from mailgate.reply import Composer
from mailgate.store import admin, ops, queue

HUMAN_LOCAL_PARTS = ("postmaster", "abuse")


@dataclass(frozen=True)
class Envelope:
    mail_from: str
    rcpt: str
    peer: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What happened to one (message, recipient); `status` is the word the log line and tests use."""

    status: str
    sender: str | None = None
    message_id: str | None = None
    auth: str | None = None
    changes: int = 0
    detail: str = ""


@dataclass(frozen=True)
class Deps:
    config: Config
    sessions: sessionmaker[Session]
    dns_txt: DnsTxtFunc
    composer: Composer
    auth_policy: AuthPolicy
    clock: Callable[[], datetime]
    dry_run: bool = False


def process(raw: bytes, env: Envelope, deps: Deps) -> Outcome:
    """Process one message for one recipient. Raises TemporaryError (451) when nothing could be kept."""
    inbound = parse_message(raw)
    try:
        return _route(raw, inbound, env, deps)
    except (OperationalError, DBAPIError) as exc:
        error: MailgateError = StoreUnavailable(f"database unavailable: {type(exc.orig or exc).__name__}")
        cause: Exception = exc
    except MailgateError as exc:
        error, cause = exc, exc
    except Exception as exc:
        error, cause = ProcessingError(f"unexpected {type(exc).__name__} while processing"), exc
    error.message_id, error.sender = inbound.message_id, inbound.from_address
    if error is cause:
        raise error
    raise error from cause


def _route(raw: bytes, inbound: Inbound, env: Envelope, deps: Deps) -> Outcome:
    local = env.rcpt.rpartition("@")[0].lower()
    if local in HUMAN_LOCAL_PARTS:
        return _forward_to_human(raw, inbound, env, deps, f"mail for {env.rcpt}")
    if inbound.is_own:
        return Outcome("own-mail", inbound.from_address, inbound.message_id, detail="mailgate's own mail")
    sender = inbound.from_address
    with deps.sessions() as s:
        role = admin.staff_role(s, sender) if sender else None
    if role is None:
        return _not_staff(raw, inbound, env, deps)
    assert sender is not None
    auth = _authenticate(raw, inbound, sender, env, deps)
    if not auth.ok:
        return _refuse(raw, inbound, env, deps, sender, auth)
    parsed = parse_commands(inbound.subject, inbound.text, deps.config.commands.max_lines)
    return _apply(raw, inbound, env, deps, sender, role, auth, parsed)


def _authenticate(raw: bytes, inbound: Inbound, sender: str, env: Envelope, deps: Deps) -> AuthResult:
    window = timedelta(hours=deps.config.auth.date_window_hours)
    problems = structural_problems(inbound, deps.clock(), window)
    if problems:
        return AuthResult(
            ok=False, method=None, domain=None, evidence="refused before DKIM: " + "; ".join(problems)
        )
    return authenticate(raw, domain_of(sender), env.peer, deps.auth_policy, deps.dns_txt)


def claim_key(inbound: Inbound, raw: bytes, sender: str | None, rcpt: str) -> str:
    """(message, recipient) key: Message-ID plus the sender, or a digest of the content without one."""
    ident = inbound.message_id or "sha256:" + hashlib.sha256(raw).hexdigest()
    return hashlib.sha256("\0".join((ident, sender or "", rcpt.lower())).encode()).hexdigest()


def _apply(
    raw: bytes,
    inbound: Inbound,
    env: Envelope,
    deps: Deps,
    sender: str,
    role: str,
    auth: AuthResult,
    parsed: Parsed,
) -> Outcome:
    now = deps.clock()
    actor = ops.Actor(sender, role, now, auth.evidence, inbound.message_id, parsed.reason)
    key = claim_key(inbound, raw, sender, env.rcpt)
    with deps.sessions() as s, s.begin():
        if not queue.claim(s, key, inbound.message_id, env.rcpt, "commands", now):
            return _duplicate(inbound, sender, auth, s)
        results = [(c, _run(s, actor, c)) for c in parsed.commands]
        queue.keep_raw(s, key, inbound.message_id, raw, now)
        if parsed.commands or parsed.errors:
            reply = deps.composer.confirmation(sender, inbound, parsed, results, now)
        else:
            reply = deps.composer.grammar(sender, inbound, parsed, now)
            ops.audit(s, actor, "no-command", sender, "refused: no command in the message")
        if _may_reply(inbound, env):
            queue.enqueue(s, reply, now, _lifetime(deps))
        changes = sum(r.outcome == ops.DONE for _, r in results)
        if deps.dry_run:
            s.rollback()
    status = "applied" if parsed.commands else "no-command"
    return Outcome(status, sender, inbound.message_id, auth.evidence, changes, _summary(results))


def _run(s: Session, actor: ops.Actor, command: Command) -> ops.Result:
    if command.verb == "subscribe":
        assert command.conversation is not None
        return ops.subscribe(s, actor, command.address, command.conversation, command.customer_id)
    return ops.unsubscribe(s, actor, command.address, command.conversation, command.customer_id)


def _refuse(
    raw: bytes, inbound: Inbound, env: Envelope, deps: Deps, sender: str, auth: AuthResult
) -> Outcome:
    """Staff address but not authenticated: nothing changes, the attempt is audited, the staff member
    is warned with a message that echoes none of the incoming text."""
    now = deps.clock()
    actor = ops.Actor(sender, "unauthenticated", now, auth.evidence, inbound.message_id)
    key = claim_key(inbound, raw, sender, env.rcpt)
    with deps.sessions() as s, s.begin():
        if not queue.claim(s, key, inbound.message_id, env.rcpt, "not-authenticated", now):
            return _duplicate(inbound, sender, auth, s)
        ops.audit(s, actor, "refused", sender, f"not authenticated: {auth.evidence}")
        queue.keep_raw(s, key, inbound.message_id, raw, now)
        if _may_reply(inbound, env):
            queue.enqueue(s, deps.composer.auth_warning(sender, inbound, now), now, _lifetime(deps))
        if deps.dry_run:
            s.rollback()
    return Outcome("not-authenticated", sender, inbound.message_id, auth.evidence)


def _not_staff(raw: bytes, inbound: Inbound, env: Envelope, deps: Deps) -> Outcome:
    """Not staff: no change and no reply (no backscatter). The message is claimed and its raw copy
    kept for the retention period, so nothing answered 250 is lost."""
    now = deps.clock()
    sender = inbound.from_address
    key = claim_key(inbound, raw, sender, env.rcpt)
    with deps.sessions() as s, s.begin():
        if queue.claim(s, key, inbound.message_id, env.rcpt, "not-staff", now):
            queue.keep_raw(s, key, inbound.message_id, raw, now)
        if deps.dry_run:
            s.rollback()
    return Outcome("not-staff", sender, inbound.message_id, detail="sender is not staff")


def _forward_to_human(raw: bytes, inbound: Inbound, env: Envelope, deps: Deps, note: str) -> Outcome:
    now = deps.clock()
    to = deps.config.human.forward_to
    key = claim_key(inbound, raw, env.mail_from, env.rcpt)
    with deps.sessions() as s, s.begin():
        if not queue.claim(s, key, inbound.message_id, env.rcpt, "forwarded", now):
            return Outcome("duplicate", inbound.from_address, inbound.message_id)
        queue.keep_raw(s, key, inbound.message_id, raw, now)
        if to:
            queue.enqueue(s, deps.composer.forward(to, raw, inbound, note, now), now, _lifetime(deps))
        if deps.dry_run:
            s.rollback()
    status = "forwarded" if to else "kept"
    return Outcome(status, inbound.from_address, inbound.message_id, detail=f"{note} -> {to or 'raw store'}")


def _duplicate(inbound: Inbound, sender: str | None, auth: AuthResult, s: Session) -> Outcome:
    s.rollback()
    return Outcome("duplicate", sender, inbound.message_id, auth.evidence, detail="already processed")


def _may_reply(inbound: Inbound, env: Envelope) -> bool:
    """RFC 3834: never answer a null envelope sender or automated mail."""
    return bool(env.mail_from) and inbound.automated is None and not inbound.is_own


def _lifetime(deps: Deps) -> timedelta:
    return timedelta(hours=deps.config.outbound.max_queue_lifetime_hours)


def _summary(results: list[tuple[Command, ops.Result]]) -> str:
    return "; ".join(f"{c.verb} {c.address}: {r.outcome}" for c, r in results)
