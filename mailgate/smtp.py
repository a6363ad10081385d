"""SMTP reception: protocol to domain and back, nothing else (no SQL, no DKIM here). Reply strings are
named constants with RFC 3463 enhanced codes.

The server runs inside mailgate's own asyncio loop (no aiosmtpd Controller thread). Limits come from
config: connections (421 beyond), recipients (452), message size (552 5.3.4) and the bytes of message
data held in memory at once (452 4.3.1 beyond). The message is processed by an async callable before
the reply to DATA, so 250 is said only after its effects are committed."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import ssl
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Collection, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol

import structlog
from aiosmtpd.smtp import SMTP, Envelope, Session

from mailgate import tokens
from mailgate.addresses import normalise_address
from mailgate.config import SMTPConfig
from mailgate.errors import AddressError, ProcessingError, TemporaryError
from mailgate.pipeline import HUMAN_LOCAL_PARTS, Outcome
from mailgate.pipeline import Envelope as MailEnvelope
from mailgate.tokens import TokenKey

if TYPE_CHECKING:
    from mailgate.store.admin import TableCache

log = structlog.get_logger("mailgate.smtp")

OK = "250 2.0.0 OK: {}"
RCPT_OK = "250 2.1.5 OK"
RCPT_BAD_SYNTAX = "501 5.1.3 Bad recipient address syntax"
RCPT_RELAY_DENIED = "550 5.7.1 Relaying denied: {} is not a domain served here"
RCPT_UNKNOWN_USER = "550 5.1.1 No such mailbox here: {}"
RCPT_TOO_MANY = "452 4.5.3 Too many recipients"
TRY_LATER = "451 4.3.0 Temporary failure processing the message, try again later"
NO_MEMORY = "452 4.3.1 Insufficient system storage, try again later"
PEER_BUSY = "452 4.3.1 Too many messages in progress from your address, try again later"
TOO_MANY_CONNECTIONS = "421 4.7.0 {} Too many connections, try again later\r\n"
SHUTTING_DOWN = "421 4.3.2 {} Service shutting down, try again later\r\n"
REWRITES = {
    "552 Error: Too much mail data": "552 5.3.4 Message too big for system",
    "552 Error: message size exceeds fixed maximum message size": "552 5.3.4 Message size exceeds limit",
    "500 Line too long (see RFC5321 4.5.3.1.6)": "500 5.5.2 Line too long (RFC 5321 section 4.5.3.1.6)",
}

# A message in flight costs about four times its size: aiosmtpd's list of lines, the joined bytes, and
# the parsed email objects (bench: ~4x with 33 one-MiB messages in flight). Reservations count that.
MEMORY_FACTOR = 4
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Processor = Callable[[bytes, MailEnvelope], Awaitable[list[Outcome]]]


def check_recipient(
    cfg: SMTPConfig,
    address: str,
    keys: Sequence[TokenKey] = (),
    now: datetime | None = None,
    revoked: Collection[str] = frozenset(),
) -> str | None:
    """The error reply for RCPT TO:<address>, or None to accept it. With token keys configured, a
    `local+token` recipient must carry a token that verifies and is not in `revoked` (forged,
    expired or revoked: 550 5.1.1)."""
    try:
        rcpt = normalise_address(address)
    except AddressError:
        return RCPT_BAD_SYNTAX
    local, _, domain = rcpt.rpartition("@")
    if domain not in {d.lower() for d in cfg.domains}:
        return RCPT_RELAY_DENIED.format(domain)
    if local in HUMAN_LOCAL_PARTS:
        return None
    base, token = tokens.split(local)
    if cfg.local_parts and base not in {p.lower() for p in cfg.local_parts}:
        return RCPT_UNKNOWN_USER.format(rcpt)
    if token is not None and keys:
        try:
            tokens.decode(token, keys, now or datetime.now(UTC))
        except tokens.TokenError:
            return RCPT_UNKNOWN_USER.format(rcpt)
        if token.lower() in revoked:
            return RCPT_UNKNOWN_USER.format(rcpt)
    return None


class Slots(Protocol):
    """Integers that worker processes share: `multiprocessing.RawArray("q", workers)` (workers.py)."""

    def __getitem__(self, index: int, /) -> int: ...

    def __setitem__(self, index: int, value: int, /) -> None: ...

    def __len__(self) -> int: ...


class HeldBytes:
    """Bytes of message data reserved, one slot per worker process, so that max_memory_bytes caps the
    daemon as a whole. Each process writes only its own slot and reads all of them: no lock is shared
    between processes, so a worker killed at any moment cannot leave the others waiting for one (a
    shared `multiprocessing.Value` did: a worker SIGKILLed inside its lock wedged the others'
    event loops, tests/test_faults.py). Used from one thread, the event loop's."""

    def __init__(self, slots: Slots | None = None, index: int = 0) -> None:
        self._slots: Slots = slots if slots is not None else [0]
        self._index = index

    @property
    def total(self) -> int:
        return sum(self._slots[i] for i in range(len(self._slots)))

    def reserve(self, n: int, cap: int) -> bool:
        """Add `n` to this process's slot unless that takes the total past `cap`. The slot is written
        before the total is read, so of two processes reserving at the same moment at least the later
        one sees both; on a CPU that reorders a store after a later load (x86's store buffer), both may
        see only their own, and the cap is passed by at most one reservation per other worker."""
        mine = self._slots[self._index] + n
        self._slots[self._index] = mine
        if self.total > cap:
            self._slots[self._index] = mine - n
            return False
        return True

    def add(self, n: int) -> None:
        self._slots[self._index] += n


class MemoryGate:
    """Bytes of message data held in memory at once across all sessions (of every worker process when
    `held_bytes` is shared), and messages in progress per peer address in this process, so a few
    stalled clients cannot take the whole budget."""

    def __init__(
        self,
        cap: int,
        per_peer: int,
        unlimited: tuple[IPNetwork, ...] = (),
        held_bytes: HeldBytes | None = None,
    ) -> None:
        self.cap = cap
        self.per_peer = per_peer
        self.unlimited = unlimited
        self._held = held_bytes if held_bytes is not None else HeldBytes()
        self.by_peer: Counter[str] = Counter()

    @property
    def held(self) -> int:
        return self._held.total

    def take(self, n: int, peer: str | None) -> str | None:
        """Reserve `n` bytes for `peer`; the refusal reply, or None when granted."""
        if self._held.total + n > self.cap:
            return NO_MEMORY
        if peer is not None and not self._unlimited(peer) and self.by_peer[peer] >= self.per_peer:
            return PEER_BUSY
        if not self._held.reserve(n, self.cap):
            return NO_MEMORY
        if peer is not None:
            self.by_peer[peer] += 1
        return None

    def resize(self, n: int) -> None:
        """Change a granted reservation by `n` bytes (negative to shrink); never refused."""
        self._held.add(n)

    def give(self, n: int, peer: str | None) -> None:
        self.resize(-n)
        if peer is not None:
            self.by_peer[peer] -= 1
            if self.by_peer[peer] <= 0:
                del self.by_peer[peer]

    def _unlimited(self, peer: str) -> bool:
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        return any(address in network for network in self.unlimited)


_METHODS: dict[type, list[str]] = {}

# A MAIL FROM or RCPT TO path in its common form, <dot-atom@dot-atom> and then parameters or nothing.
# For it, MailgateSMTP._getaddr returns what aiosmtpd's does without the email package's header parser
# (which costs ~75 us an address, two or more a message; the ceiling pays it too); any other form goes
# to aiosmtpd's parser. tests/test_smtp_paths.py checks that the two agree.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_PLAIN_PATH = re.compile(
    rf"<({_ATEXT}+(?:\.{_ATEXT}+)*)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)>(?:[ \t]+([A-Za-z0-9][^\r\n]*))?"
)


class _FewNames:
    """aiosmtpd's SMTP.__init__ finds its smtp_*, auth_* and handle_* methods with dir() and
    inspect.getmembers() (which reads every attribute) on the session and on the handler, for every
    connection: about a tenth of the CPU of a bare aiosmtpd session (bench/RESULTS.md, session 5).
    dir() of these objects lists only the names it looks for, found once per class, so it builds the
    same tables (tests/test_smtp_features.py checks that)."""

    _PREFIXES: tuple[str, ...] = ()

    def __dir__(self) -> list[str]:
        cls = type(self)
        if cls not in _METHODS:
            _METHODS[cls] = [name for name in dir(cls) if name.startswith(self._PREFIXES)]
        return _METHODS[cls]  # dir() sorts a copy


class Handler(_FewNames):
    """aiosmtpd handler: RCPT policy and the DATA hand-off to the processor."""

    _PREFIXES = ("handle_", "auth_")

    def __init__(
        self,
        cfg: SMTPConfig,
        processor: Processor,
        keys: Sequence[TokenKey] = (),
        revoked: TableCache[frozenset[str]] | None = None,
    ) -> None:
        self.cfg = cfg
        self.processor = processor
        self.keys = tuple(keys)
        self.revoked = revoked

    def _revoked(self) -> frozenset[str]:
        """Revoked tokens as the daemon last read them (App refreshes them in the background, so RCPT
        never waits on the database; the DATA step checks revocation against the database itself)."""
        if self.revoked is None or not self.keys:
            return frozenset()
        return self.revoked.last() or frozenset()

    async def handle_EHLO(
        self, server: SMTP, session: Session, envelope: Envelope, hostname: str, responses: list[str]
    ) -> list[str]:
        """Advertise PIPELINING (RFC 2920: aiosmtpd reads commands in order from a buffered stream, so
        pipelined input is safe) and drop AUTH, which mailgate does not offer."""
        session.host_name = hostname
        kept = [r for r in responses if not r[4:].upper().startswith("AUTH")]
        return [*kept[:-1], "250-PIPELINING", kept[-1]]

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        if len(envelope.rcpt_tos) >= self.cfg.max_recipients:
            return RCPT_TOO_MANY
        refusal = check_recipient(self.cfg, address, self.keys, revoked=self._revoked())
        if refusal is not None:
            log.info("rcpt_refused", peer=_peer(session), rcpt=address, reply=refusal)
            return refusal
        envelope.rcpt_tos.append(normalise_address(address))
        return RCPT_OK

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        if isinstance(server, MailgateSMTP):
            server.resize_reservation(len(raw))
        started = time.monotonic()
        mail_from = envelope.mail_from if envelope.mail_from not in (None, "<>") else ""
        peer = _peer(session)
        outcomes: list[Outcome] = []
        try:
            for rcpt in envelope.rcpt_tos:
                outcomes += await self.processor(raw, MailEnvelope(mail_from or "", rcpt, peer))
        except TemporaryError as exc:
            # ProcessingError wraps an unexpected exception: logged with its traceback, answered 451.
            level = log.error if isinstance(exc, ProcessingError) else log.warning
            level(
                "message",
                peer=peer,
                rcpts=envelope.rcpt_tos,
                message_id=exc.message_id,
                sender=exc.sender,
                outcome="error" if isinstance(exc, ProcessingError) else "tempfail",
                error=exc.render(),
                ms=_ms(started),
                exc_info=isinstance(exc, ProcessingError),
            )
            return TRY_LATER
        except Exception:
            log.exception("message", peer=peer, rcpts=envelope.rcpt_tos, outcome="error", ms=_ms(started))
            return TRY_LATER
        for rcpt, out in zip(envelope.rcpt_tos, outcomes, strict=False):
            log.info(
                "message",
                peer=peer,
                rcpt=rcpt,
                message_id=out.message_id,
                sender=out.sender,
                auth=out.auth,
                outcome=out.status,
                changes=out.changes,
                detail=out.detail,
                ms=_ms(started),
            )
        return OK.format(_reply_id(outcomes[0].message_id if outcomes else None))


class MailgateSMTP(_FewNames, SMTP):
    """aiosmtpd's protocol with enhanced status codes, the memory cap, and session tracking for
    graceful shutdown."""

    _PREFIXES = ("smtp_", "auth_")

    def __init__(self, handler: Handler, server: SMTPServer, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self._server = server
        self.reserved = 0
        # Counted from creation, not connection_made: asyncio runs the factory for every connection of
        # an accept burst before any connection_made, so counting later let a burst exceed the limit.
        server.sessions.add(self)

    def _getaddr(self, arg: str) -> tuple[str | None, str | None]:
        """(address, parameters), or (None, None) for a malformed path (553 5.1.3)."""
        plain = _PLAIN_PATH.fullmatch(arg)
        if plain is None or (self.local_part_limit and len(plain[1]) > self.local_part_limit):
            try:
                return super()._getaddr(arg)
            except Exception:  # the email parser fails on some paths (IndexError on MAIL FROM:")
                return None, None
        return f"{plain[1]}@{plain[2]}", plain[3] or ""

    def connection_lost(self, error: Exception | None) -> None:
        self._server.sessions.discard(self)
        super().connection_lost(error)

    async def push(self, status: Any) -> None:
        text = status.decode() if isinstance(status, bytes) else status
        await super().push(REWRITES.get(text, text))

    async def smtp_DATA(self, arg: str) -> None:
        """Reserve memory for the message while it is received: MEMORY_FACTOR x its declared SIZE
        (RFC 1870), or x max_message_size when it declared none. handle_DATA shrinks the reservation
        to the actual size once the data is in."""
        self.reserved = MEMORY_FACTOR * _declared_size(self.envelope, self.data_size_limit or 0)
        peer = _peer(self.session) if self.session is not None else None
        refusal = self._server.memory.take(self.reserved, peer)
        if refusal is not None:
            await self.push(refusal)
            return
        try:
            await super().smtp_DATA(arg)
        finally:
            self._server.memory.give(self.reserved, peer)

    def resize_reservation(self, size: int) -> None:
        wanted = MEMORY_FACTOR * size
        self._server.memory.resize(wanted - self.reserved)
        self.reserved = wanted

    @property
    def busy(self) -> bool:
        """A transaction is under way (MAIL given, DATA not yet answered)."""
        return self.envelope is not None and self.envelope.mail_from is not None

    def close_now(self, text: str) -> None:
        transport = self.transport
        if isinstance(transport, asyncio.WriteTransport):
            transport.write(text.encode())
            transport.close()


class _Refuse(asyncio.Protocol):
    def __init__(self, text: str) -> None:
        self.text = text

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.WriteTransport)
        transport.write(self.text.encode())
        transport.close()


class SMTPServer:
    """The listening socket and its sessions."""

    def __init__(self, handler: Handler, held_bytes: HeldBytes | None = None) -> None:
        cfg = self.cfg = handler.cfg
        self.handler = handler
        self.sessions: set[MailgateSMTP] = set()
        unlimited = tuple(ipaddress.ip_network(n, strict=False) for n in cfg.data_unlimited_peers)
        self.memory = MemoryGate(cfg.max_memory_bytes, cfg.max_data_per_peer, unlimited, held_bytes)
        self.server: asyncio.Server | None = None
        self.tls = _tls_context(cfg)

    def _factory(self) -> asyncio.Protocol:
        if len(self.sessions) >= self.cfg.max_connections:
            return _Refuse(TOO_MANY_CONNECTIONS.format(self.cfg.hostname))
        return MailgateSMTP(
            self.handler,
            self,
            hostname=self.cfg.hostname,
            data_size_limit=self.cfg.max_message_size,
            enable_SMTPUTF8=True,
            tls_context=self.tls,
            decode_data=False,
            timeout=self.cfg.timeout,
            ident="mailgate",
        )

    async def start(self, reuse_port: bool = False) -> None:
        loop = asyncio.get_running_loop()
        self.server = await loop.create_server(
            self._factory, self.cfg.host, self.cfg.port, reuse_port=reuse_port or None, backlog=1024
        )

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.sockets[0].getsockname()[1])

    async def stop(self, grace: float) -> None:
        """Stop accepting; idle sessions get 421 now, busy ones up to `grace` seconds to finish."""
        if self.server is not None:
            self.server.close()
        deadline = time.monotonic() + grace
        while True:
            for proto in [p for p in self.sessions if not p.busy]:
                proto.close_now(SHUTTING_DOWN.format(self.cfg.hostname))
            if not self.sessions or time.monotonic() >= deadline:
                break
            await asyncio.sleep(0.05)
        for proto in list(self.sessions):
            proto.close_now(SHUTTING_DOWN.format(self.cfg.hostname))
        await asyncio.sleep(0)


def _tls_context(cfg: SMTPConfig) -> ssl.SSLContext | None:
    """STARTTLS is offered when a certificate is configured; clients are not asked for one."""
    if not cfg.tls_cert_file:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cfg.tls_cert_file, cfg.tls_key_file)
    return context


def _declared_size(envelope: Envelope | None, limit: int) -> int:
    for option in envelope.mail_options if envelope is not None else ():
        name, _, value = option.partition("=")
        if name.upper() == "SIZE" and value.isdigit():
            return min(int(value), limit)
    return limit


def _reply_id(message_id: str | None) -> str:
    """The Message-ID echoed in the 250, printable ASCII and short: a reply line is at most 512
    octets (RFC 5321 4.5.3.1.5) and the ID is the sender's text."""
    if not message_id:
        return "queued"
    text = "".join(c for c in message_id if " " < c <= "~")
    return text if len(text) <= 100 else text[:97] + "..."


def _peer(session: Session) -> str | None:
    peer = session.peer
    return str(peer[0]) if isinstance(peer, tuple) else None


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
