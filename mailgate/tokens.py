"""Reply, unsubscribe and bounce addresses that carry identity: `<local>+<token>@<reply domain>`.

A token names a customer record, a conversation and a channel, says what it is for, and is
authenticated with an HMAC (RFC 2104, SHA-256, truncated to 88 bits) under one of several configured
keys, so keys can rotate: new tokens use the first key, every listed key verifies. Tokens are short
enough for a 64-octet local part (RFC 5321 4.5.3.1.1) and case-insensitive (base32), because some
MTAs fold local parts to lower case.

Layout before base32 (all integers unsigned big-endian):
    version(1) purpose(1) key id(1) channel(1) customer pk(4) conversation pk(4) expiry day(2) mac(11)
25 bytes encode to exactly 40 base32 characters, so no two texts decode to the same token.
Expiry is a day number since 1970-01-01, 0 meaning "does not expire" (unsubscribe tokens keep working
as long as the conversation exists: laws ask for at least 30 days after sending). Confirmation tokens
expire, and are single-use: their use is recorded by the caller (see store), not here.

Pure: keys, clock and identities come in as parameters."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from mailgate.errors import MailgateError

VERSION = 1
PURPOSES = ("reply", "unsubscribe", "bounce", "confirm")
CHANNELS = ("email", "sms", "whatsapp")
_BODY = struct.Struct(">BBBBIIH")
MAC_BYTES = 11  # 14 + 11 = 25 bytes = exactly 40 base32 characters: no padding bits to vary
_EPOCH = date(1970, 1, 1)
TEXT_LENGTH = 40


class TokenError(MailgateError):
    """A token that does not verify: malformed, unknown key, forged, or expired."""


@dataclass(frozen=True)
class TokenKey:
    """One HMAC key; `key_id` (0-255) is written into each token so verification picks the key."""

    key_id: int
    secret: bytes

    @classmethod
    def parse(cls, text: str) -> TokenKey:
        """`"<id>:<secret>"` as written in config ([tokens] keys)."""
        ident, sep, secret = text.partition(":")
        if not sep or not ident.isdigit() or not 0 <= int(ident) <= 255 or len(secret) < 16:
            raise TokenError("a token key is '<id 0-255>:<secret of at least 16 characters>'")
        return cls(int(ident), secret.encode())


@dataclass(frozen=True)
class Token:
    purpose: str
    customer_pk: int
    conversation_pk: int
    channel: str = "email"
    expires: date | None = None


def encode(token: Token, keys: Sequence[TokenKey]) -> str:
    """The token text (lower-case base32, no padding) under the first key."""
    if not keys:
        raise TokenError("no token key configured")
    key = keys[0]
    day = 0 if token.expires is None else (token.expires - _EPOCH).days
    body = _BODY.pack(
        VERSION,
        PURPOSES.index(token.purpose),
        key.key_id,
        CHANNELS.index(token.channel),
        token.customer_pk,
        token.conversation_pk,
        day,
    )
    return _b32(body + _mac(key.secret, body))


def decode(text: str, keys: Sequence[TokenKey], now: datetime) -> Token:
    """The token `text` names, if it verifies under one of `keys` and has not expired."""
    try:
        raw = base64.b32decode(text.upper() + "=" * (-len(text) % 8))
    except (ValueError, TypeError) as exc:
        raise TokenError("malformed token") from exc
    if len(raw) != _BODY.size + MAC_BYTES or len(text) != TEXT_LENGTH:
        raise TokenError("malformed token")
    body, mac = raw[: _BODY.size], raw[_BODY.size :]
    version, purpose, key_id, channel, customer, conversation, day = _BODY.unpack(body)
    key = next((k for k in keys if k.key_id == key_id), None)
    if version != VERSION or key is None or not hmac.compare_digest(mac, _mac(key.secret, body)):
        raise TokenError("token does not verify")
    if purpose >= len(PURPOSES) or channel >= len(CHANNELS):
        raise TokenError("malformed token")
    expires = None if day == 0 else date.fromordinal(_EPOCH.toordinal() + day)
    if expires is not None and now.astimezone(UTC).date() > expires:
        raise TokenError("token expired")
    return Token(PURPOSES[purpose], customer, conversation, CHANNELS[channel], expires)


def address(local: str, token: str, domain: str) -> str:
    """`local+token@domain`; the local part stays within RFC 5321's 64 octets."""
    local_part = f"{local}+{token}"
    if len(local_part) > 64:
        raise TokenError(f"local part {local_part!r} is longer than 64 octets; use a shorter base")
    return f"{local_part}@{domain}"


def split(local_part: str) -> tuple[str, str | None]:
    """(`local`, token or None) of a recipient's local part."""
    base, sep, token = local_part.partition("+")
    return base, (token if sep and token else None)


def _mac(secret: bytes, body: bytes) -> bytes:
    return hmac.new(secret, body, hashlib.sha256).digest()[:MAC_BYTES]


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=").lower()
