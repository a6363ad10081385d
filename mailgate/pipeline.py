"""The one use case, in two steps. `prepare` reads: it parses the message, looks the From address up
among staff (before any DKIM or DNS work, so mail from strangers costs one indexed read) and
authenticates staff mail. `apply` writes, inside a transaction its caller owns: the claim, the
subscription changes, the audit rows, the raw copy and the outbox reply. `process` does both in one
transaction (CLI, tests); the daemon batches several messages' `apply` into one commit (batch.py).
Either way every effect of a message commits together, before the caller answers 250.

Synchronous on purpose: the SMTP layer runs this in worker threads."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from mailgate import customers, reports, tokens
from mailgate.addresses import domain_of
from mailgate.auth import AuthPolicy, AuthResult, DnsTxtFunc, aligned, authenticate
from mailgate.classify import automated_reason
from mailgate.commands import Command, Parsed, parse_commands
from mailgate.config import Config
from mailgate.errors import MailgateError, ProcessingError, StoreUnavailable
from mailgate.message import Inbound, parse_message, structural_problems
from mailgate.reply import Composer
from mailgate.spf import SpfCheck
from mailgate.store import admin, ops, queue
from mailgate.tokens import TokenKey

HUMAN_LOCAL_PARTS = ("postmaster", "abuse")
CLASSIFICATION_HEADER = "X-Mailgate-Classification"


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
    staff: admin.StaffCache
    conversations: admin.ConversationCache
    token_keys: tuple[TokenKey, ...] = ()
    dry_run: bool = False
    spf_check: SpfCheck | None = None


@dataclass(frozen=True)
class Prepared:
    """A message read, routed and (for staff) authenticated, ready to apply."""

    raw: bytes
    inbound: Inbound
    env: Envelope
    route: str  # "human", "own", "not-staff", "customer", "refused" or "commands"
    role: str | None = None
    auth: AuthResult | None = None
    parsed: Parsed | None = None
    customer: customers.Plan | None = None

    @property
    def sender(self) -> str | None:
        return self.inbound.from_address


def process(raw: bytes, env: Envelope, deps: Deps) -> Outcome:
    """Process one message for one recipient in its own transaction. Raises TemporaryError (451)
    when nothing could be kept."""
    prepared = prepare(raw, env, deps)
    with failures(prepared.inbound), deps.sessions() as s, s.begin():
        outcome = apply(prepared, s, deps)
        if deps.dry_run:
            s.rollback()
    return outcome


def prepare(raw: bytes, env: Envelope, deps: Deps) -> Prepared:
    inbound = parse_message(raw)
    with failures(inbound):
        return _prepare(raw, inbound, env, deps)


def _prepare(raw: bytes, inbound: Inbound, env: Envelope, deps: Deps) -> Prepared:
    if env.rcpt.rpartition("@")[0].lower() in HUMAN_LOCAL_PARTS:
        return Prepared(raw, inbound, env, "human")
    if inbound.is_own:
        return Prepared(raw, inbound, env, "own")
    found = customers.token_of(env.rcpt, deps.token_keys, deps.clock())
    sender = inbound.from_address
    role = deps.staff.role(sender) if sender and not _token_decides(found) else None
    if role is None or sender is None:
        return _prepare_customer(raw, inbound, env, deps, found)
    auth = _authenticate(raw, inbound, sender, env, deps)
    if not auth.ok:
        return Prepared(raw, inbound, env, "refused", role, auth)
    parsed = parse_commands(inbound.subject, inbound.text, deps.config.commands.max_lines)
    return Prepared(raw, inbound, env, "commands", role, auth, parsed)


_TOKEN_DECIDES = frozenset({"unsubscribe", "bounce", "confirm"})


def _token_decides(found: tuple[tokens.Token, str] | None) -> bool:
    """An unsubscribe (RFC 2369 mailto), bounce (VERP) or confirmation address names the one customer its
    mail may act on, so its mail takes the customer path whoever sent it: a staff member who is also a
    customer can use List-Unsubscribe, and a staff From (forged or not) can act on nobody else there.
    At a reply address, staff commands are read as everywhere else."""
    return found is not None and found[0].purpose in _TOKEN_DECIDES


def _prepare_customer(
    raw: bytes, inbound: Inbound, env: Envelope, deps: Deps, found: tuple[tokens.Token, str] | None
) -> Prepared:
    """`found`: the recipient's verified token and its text (customers.token_of), if it has one."""
    now = deps.clock()
    if found is not None:
        token, text = found
        plan = customers.plan(raw, inbound, env.mail_from, token, deps.sessions, text, now)
        if plan is None:  # revoked, or its customer or conversation is gone: kept, no effect
            return Prepared(raw, inbound, env, "not-staff")
        return Prepared(raw, inbound, env, "customer", customer=plan)
    local = tokens.split(env.rcpt.rpartition("@")[0])[0].lower()
    sender = inbound.from_address
    if sender and _feedback_loop(sender, deps) and inbound.report_type == reports.FEEDBACK_REPORT:
        loop_auth = _authenticate_customer(raw, sender, env, deps)
        if loop_auth.ok:
            plan = customers.feedback_loop_plan(raw, sender)
            return Prepared(raw, inbound, env, "customer", auth=loop_auth, customer=plan)
    plan = customers.plain_plan(
        inbound, env.mail_from, local, deps.conversations.get, deps.config.tokens.unsubscribe_local
    )
    auth: AuthResult | None = None
    if plan.action == customers.REQUEST and plan.pending in customers.OPT_OUTS:
        auth = _authenticate_customer(raw, plan.address, env, deps)
        if auth.ok:
            plan = replace(plan, action=plan.pending, pending=None, evidence=auth.evidence)
        else:
            mode = deps.config.customers.unauthenticated_opt_out
            plan = customers.unauthenticated(
                replace(plan, evidence=auth.evidence), mode, bool(deps.token_keys)
            )
    elif plan.action == customers.REQUEST and not deps.token_keys:
        plan = replace(plan, action=customers.FORWARD, detail=f"opt-in needs [tokens] keys; {plan.detail}")
    return Prepared(raw, inbound, env, "customer", auth=auth, customer=plan)


def _feedback_loop(sender: str, deps: Deps) -> bool:
    listed = deps.config.customers.feedback_loop_senders
    return any(entry.lower() in (sender, domain_of(sender)) for entry in listed)


def _authenticate_customer(raw: bytes, sender: str, env: Envelope, deps: Deps) -> AuthResult:
    """A customer's From domain authenticates with an aligned DKIM signature, a trusted upstream's
    verdict (as for staff), or an SPF pass for a MAIL FROM domain aligned with it."""
    from_domain = domain_of(sender)
    result = authenticate(raw, from_domain, env.peer, deps.auth_policy, deps.dns_txt)
    if result.ok or not (env.mail_from and env.peer and deps.spf_check):
        return result
    envelope_domain = domain_of(env.mail_from.lower())
    if not aligned(envelope_domain, from_domain):
        return result
    verdict, _ = deps.spf_check(env.peer, env.mail_from, "")
    evidence = f"spf={verdict} smtp.mailfrom={envelope_domain} aligned with From {from_domain}"
    return AuthResult(verdict == "pass", "spf", envelope_domain, f"{evidence}; {result.evidence}")


@contextmanager
def failures(inbound: Inbound) -> Iterator[None]:
    """Turn what can go wrong into the 451 family, naming the message: a database error is
    StoreUnavailable, anything unexpected ProcessingError (its traceback is logged)."""
    try:
        yield
    except (OperationalError, DBAPIError) as exc:
        error: MailgateError = StoreUnavailable(f"database unavailable: {type(exc.orig or exc).__name__}")
        cause: Exception = exc
    except MailgateError as exc:
        error, cause = exc, exc
    except Exception as exc:
        error, cause = ProcessingError(f"unexpected {type(exc).__name__} while processing"), exc
    else:
        return
    error.message_id, error.sender = inbound.message_id, inbound.from_address
    if error is cause:
        raise error
    raise error from cause


def _authenticate(raw: bytes, inbound: Inbound, sender: str, env: Envelope, deps: Deps) -> AuthResult:
    window = timedelta(hours=deps.config.auth.date_window_hours)
    problems = structural_problems(inbound, deps.clock(), window)
    if problems:
        evidence = "refused before DKIM: " + "; ".join(problems)
        return AuthResult(ok=False, method=None, domain=None, evidence=evidence)
    return authenticate(raw, domain_of(sender), env.peer, deps.auth_policy, deps.dns_txt)


def claim_key(inbound: Inbound, raw: bytes, sender: str | None, rcpt: str) -> str:
    """(message, recipient) key: Message-ID plus the sender, or a digest of the content without one."""
    ident = inbound.message_id or "sha256:" + hashlib.sha256(raw).hexdigest()
    return hashlib.sha256("\0".join((ident, sender or "", rcpt.lower())).encode()).hexdigest()


def apply(p: Prepared, s: Session, deps: Deps) -> Outcome:
    """Write the message's effects into the open transaction of `s`; the caller commits. A message
    already claimed writes nothing and is reported as a duplicate."""
    if p.route == "own":
        return Outcome("own-mail", p.sender, p.inbound.message_id, detail="mailgate's own mail")
    now = deps.clock()
    sender = p.env.mail_from if p.route == "human" else p.sender
    key = claim_key(p.inbound, p.raw, sender, p.env.rcpt)
    if not queue.claim(s, key, p.inbound.message_id, p.env.rcpt, p.route, now):
        return Outcome("duplicate", p.sender, p.inbound.message_id, _evidence(p), detail="already processed")
    queue.keep_raw(s, key, p.inbound.message_id, p.raw, now)
    if p.route == "human":
        return _forward_to_human(p, s, deps, now)
    if p.route == "not-staff":
        # No change and no reply (no backscatter); the raw copy is kept for the retention period.
        return Outcome("not-staff", p.sender, p.inbound.message_id, detail="sender is not staff")
    if p.route == "refused":
        return _refuse(p, s, deps, now)
    if p.route == "customer":
        return _customer(p, s, deps, now)
    return _commands(p, s, deps, now)


def _customer(p: Prepared, s: Session, deps: Deps, now: datetime) -> Outcome:
    plan = p.customer
    assert plan is not None
    if plan.action == customers.FORWARD:
        return _forward_reply(p, plan, s, deps, now)
    if plan.action == customers.REQUEST:
        return _request(p, plan, s, deps, now)
    if plan.action == customers.CONFIRMED:
        assert plan.nonce is not None and plan.pending is not None
        if not customers.use_confirmation(s, plan.nonce, now):
            return _forward_reply(p, replace(plan, detail="confirmation already used"), s, deps, now)
        plan = replace(plan, action=plan.pending)
    evidence = f"{plan.evidence}; {plan.detail}"
    actor = ops.Actor(plan.actor, "customer", now, evidence, p.inbound.message_id)
    status, changes = customers.apply(plan, s, actor)
    if status == "opt-in-refused":
        return _forward_reply(p, replace(plan, detail="opt-in refused: only an admin may lift"), s, deps, now)
    if changes and plan.action in customers.OPT_OUTS:
        last = _reply_budget(p, plan, s, deps, now, "opt-out") if _may_reply(p) else None
        if last is not None:
            what = plan.conversation if plan.action == "unsubscribe" else None
            reply = deps.composer.customer_confirmation(plan.address, what, now, last)
            queue.enqueue(s, reply, now, _lifetime(deps))
        _alert_owners(p, plan, s, deps, now)
    return Outcome(status, p.sender, p.inbound.message_id, plan.evidence, changes, plan.detail)


def _reply_budget(
    p: Prepared, plan: customers.Plan, s: Session, deps: Deps, now: datetime, what: str
) -> bool | None:
    """Mail to a customer stays within `[customers] replies_per_day`: None when the day's budget is
    spent (audited), else whether this message is the last one (it then says so)."""
    left = customers.replies_left(s, plan.address, now, deps.config.customers.replies_per_day)
    if not left:
        actor = ops.Actor(plan.actor, "customer", now, plan.evidence, p.inbound.message_id)
        ops.audit(s, actor, f"{what}-not-sent", plan.address, "rate-limited: replies_per_day reached")
        return None
    return left == 1


def _request(p: Prepared, plan: customers.Plan, s: Session, deps: Deps, now: datetime) -> Outcome:
    """Ask the customer to confirm (an opt-in, or an opt-out that did not authenticate): one message
    carrying a single-use, expiring confirmation address; only the reply to it acts. It echoes none
    of the incoming text."""
    assert plan.pending is not None
    if plan.pending == customers.SUBSCRIBE:
        blocker = customers.opt_in_blocker(s, plan.address, plan.conversation, plan.customer_id)
        if blocker is not None:
            return _forward_reply(p, replace(plan, detail=f"opt-in needs a person: {blocker}"), s, deps, now)
    last = _reply_budget(p, plan, s, deps, now, "confirmation-request") if _may_reply(p) else None
    if last is not None:
        tk = deps.config.tokens
        nonce = customers.new_confirmation(s, plan, deps.token_keys, now, tk.confirm_hours)
        reply_to = tokens.address(tk.confirm_local, nonce, deps.config.smtp.domains[0])
        request = deps.composer.confirmation_request(
            plan.address, reply_to, plan.pending, plan.conversation, tk.confirm_hours, now, last
        )
        queue.enqueue(s, request, now, _lifetime(deps))
    status = "confirmation-requested" if last is not None else "rate-limited"
    return Outcome(status, p.sender, p.inbound.message_id, plan.evidence, 0, f"pending {plan.pending}")


def _alert_owners(p: Prepared, plan: customers.Plan, s: Session, deps: Deps, now: datetime) -> None:
    """Owners who opted in to alerts hear of every opt-out and do-not-email request (seeds 001, 002)."""
    for owner, conversation in customers.alert_owners(s, plan.address, plan.conversation):
        alert = deps.composer.owner_alert(owner, plan.address, plan.action, conversation, plan.evidence, now)
        queue.enqueue(s, alert, now, _lifetime(deps))


def _forward_reply(p: Prepared, plan: customers.Plan, s: Session, deps: Deps, now: datetime) -> Outcome:
    """Not an opt-out: a human reads it (the conversation's owner, else [human] forward_to)."""
    to = plan.owner or deps.config.human.forward_to
    found = plan.classification
    label = f"intent={found.intent}; scope={found.scope}; language={found.language}" if found else "unknown"
    if to:
        about = f" about {plan.conversation}" if plan.conversation else ""
        note = f"reply from {plan.address}{about}: {plan.detail}"[:200]
        forward = deps.composer.forward(to, p.raw, p.inbound, note, now, {CLASSIFICATION_HEADER: label})
        queue.enqueue(s, forward, now, _lifetime(deps))
    status = "forwarded" if to else "kept"
    detail = f"{label} -> {to or 'raw store'} ({plan.detail})"[:300]
    return Outcome(status, p.sender, p.inbound.message_id, plan.evidence, 0, detail)


def _commands(p: Prepared, s: Session, deps: Deps, now: datetime) -> Outcome:
    assert p.parsed is not None and p.auth is not None and p.sender is not None and p.role is not None
    actor = ops.Actor(p.sender, p.role, now, p.auth.evidence, p.inbound.message_id, p.parsed.reason)
    results = [(c, _run(s, actor, c)) for c in p.parsed.commands]
    if p.parsed.commands or p.parsed.errors:
        reply = deps.composer.confirmation(p.sender, p.inbound, p.parsed, results, now)
    else:
        reply = deps.composer.grammar(p.sender, p.inbound, p.parsed, now)
        ops.audit(s, actor, "no-command", p.sender, "refused: no command in the message")
    if _may_reply(p):
        queue.enqueue(s, reply, now, _lifetime(deps))
    changes = sum(r.outcome == ops.DONE for _, r in results)
    status = "applied" if p.parsed.commands else "no-command"
    return Outcome(status, p.sender, p.inbound.message_id, p.auth.evidence, changes, _summary(results))


def _run(s: Session, actor: ops.Actor, command: Command) -> ops.Result:
    if command.verb == "subscribe":
        assert command.conversation is not None
        return ops.subscribe(s, actor, command.address, command.conversation, command.customer_id)
    return ops.unsubscribe(s, actor, command.address, command.conversation, command.customer_id)


def _refuse(p: Prepared, s: Session, deps: Deps, now: datetime) -> Outcome:
    """Staff address but not authenticated: nothing changes, the attempt is audited, the staff member
    is warned with a message that echoes none of the incoming text."""
    assert p.auth is not None and p.sender is not None
    actor = ops.Actor(p.sender, "unauthenticated", now, p.auth.evidence, p.inbound.message_id)
    ops.audit(s, actor, "refused", p.sender, f"not authenticated: {p.auth.evidence}")
    if _may_reply(p):
        queue.enqueue(s, deps.composer.auth_warning(p.sender, p.inbound, now), now, _lifetime(deps))
    return Outcome("not-authenticated", p.sender, p.inbound.message_id, p.auth.evidence)


def _forward_to_human(p: Prepared, s: Session, deps: Deps, now: datetime) -> Outcome:
    to = deps.config.human.forward_to
    note = f"mail for {p.env.rcpt}"
    if to:
        queue.enqueue(s, deps.composer.forward(to, p.raw, p.inbound, note, now), now, _lifetime(deps))
    status = "forwarded" if to else "kept"
    return Outcome(status, p.sender, p.inbound.message_id, detail=f"{note} -> {to or 'raw store'}")


def _evidence(p: Prepared) -> str | None:
    return p.auth.evidence if p.auth is not None else None


def _may_reply(p: Prepared) -> bool:
    """RFC 3834: never answer a null envelope sender or automated mail."""
    return bool(p.env.mail_from) and automated_reason(p.inbound) is None and not p.inbound.is_own


def _lifetime(deps: Deps) -> timedelta:
    return timedelta(hours=deps.config.outbound.max_queue_lifetime_hours)


def _summary(results: list[tuple[Command, ops.Result]]) -> str:
    return "; ".join(f"{c.verb} {c.address}: {r.outcome}" for c, r in results)
