"""Mail for the load tests (tests/test_faults.py, tests/test_outage.py): distinct messages from a
non-staff sender (one claim and one raw copy each, no reply) interleaved with signed CSR commands (one
suppression, one audit row and one confirmation each), and the check that every message answered 250
has those effects exactly once."""

from __future__ import annotations

import email
import email.policy
import secrets
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from mailgate.store import db
from mailgate.store.models import Audit, Claim, Outbox, RawMessage, Suppression
from tests.support import CSR, Signing, make_message

OUTSIDER = "someone@isp.example"  # not staff: one claim and one raw copy per message, no reply


@dataclass(frozen=True)
class Mail:
    mail_from: str
    raw: bytes
    message_id: str
    suppresses: str | None = None


def command(signing: Signing, address: str, tag: str) -> bytes:
    """A signed CSR command suppressing `address` everywhere: one suppression and one confirmation."""
    mid = f"<{tag}.{secrets.token_hex(6)}@mua.bank.example>"
    return signing.sign(make_message(f"Unsubscribe {address}", message_id=mid))


def message_id(raw: bytes) -> str:
    return str(email.message_from_bytes(raw, policy=email.policy.default)["Message-ID"])


def in_reply_to(raw: bytes) -> str:
    return str(email.message_from_bytes(raw, policy=email.policy.default)["In-Reply-To"])


def make_mails(signing: Signing, bulk: int, commands: int) -> list[Mail]:
    """`bulk` outsider messages with `commands` signed commands spread evenly among them."""
    tag = secrets.token_hex(4)
    mails = []
    for i in range(bulk):
        mid = f"<bulk-{i}.{tag}@isp.example>"
        raw = make_message(f"Hello {i}", f"Message {i} of the load.\n", sender=OUTSIDER, message_id=mid)
        mails.append(Mail(OUTSIDER, raw, mid))
    for i in range(commands):
        address = f"c{i}.{tag}@customers.example"
        raw = command(signing, address, f"cmd-{i}.{tag}")
        mails.append(Mail(CSR, raw, message_id(raw), address))
    # Interleave commands with the bulk so both are in flight whatever happens mid-run.
    step = len(mails) // max(commands, 1)
    order = mails[:bulk]
    for i, cmd in enumerate(mails[bulk:]):
        order.insert(i * step, cmd)
    return order


def counts(engine: Engine, column: Any) -> Counter[str]:
    with db.sessions(engine)() as s:
        return Counter({k: n for k, n in s.execute(select(column, func.count()).group_by(column)).all()})


def check_exactly_once(engine: Engine, acked: list[Mail], forwarded: bool = False) -> None:
    """Every message answered 250: one claim, one raw copy; every command: one suppression, one audit
    row of its unsubscribe and one confirmation in the outbox; with `forwarded` (`[human] forward_to`
    set), every other message one forward to a person. Nothing else."""
    claims, raws = counts(engine, Claim.message_id), counts(engine, RawMessage.message_id)
    wrong = {m.message_id: (claims[m.message_id], raws[m.message_id]) for m in acked}
    assert {k: v for k, v in wrong.items() if v != (1, 1)} == {}
    assert claims.total() == raws.total() == len(acked)
    commands = [m for m in acked if m.suppresses]
    with db.sessions(engine)() as s:
        suppressed = Counter(s.scalars(select(Suppression.address)))
        audited = Counter(s.scalars(select(Audit.message_id).where(Audit.action == "unsubscribe")))
        replies = Counter(in_reply_to(data) for data in s.scalars(select(Outbox.data)))
    assert suppressed == Counter(m.suppresses for m in commands)
    assert audited == Counter(m.message_id for m in commands)
    forwards = replies.pop("None", 0)  # a forward answers no message
    assert replies == Counter(m.message_id for m in commands)
    assert forwards == (len(acked) - len(commands) if forwarded else 0)
