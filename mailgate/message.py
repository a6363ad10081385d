"""Raw message bytes to an `Inbound` value: the decoded headers mailgate decides on and the text a
command may be read from. Parsing never raises: mail from the Internet is often malformed (RFC 5322
obsolete syntax, undeclared 8-bit headers, broken base64), and a message that cannot be understood is
simply one without usable facts. Judging whether the facts are fit to act on is
`structural_problems`, kept apart so the caller decides what to do about them."""

from __future__ import annotations

import email
import email.parser
import email.policy
import email.utils
import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import Message
from types import MappingProxyType

from mailgate.addresses import normalise_address
from mailgate.errors import AddressError
from mailgate.reports import report_type_of

# mailgate puts this on its own replies; mail carrying it is never processed.
MAILGATE_HEADER = "X-Mailgate-Reply"
MAX_TEXT_OCTETS = 64 * 1024
# RFC 5322 2.1.1: a line, so an unfolded msg-id, has at most 998 characters; the store's message_id
# columns hold exactly that. A longer (folded) value is no Message-ID: the claim falls back to a digest.
MAX_MESSAGE_ID_CHARS = 998
# RFC 5322 3.6: each of these may appear at most once; header_counts reports them by lower-case name.
_HEADER_TITLES = {
    "from": "From",
    "to": "To",
    "subject": "Subject",
    "date": "Date",
    "message-id": "Message-ID",
}
COUNTED_HEADERS = tuple(_HEADER_TITLES)
# RFC 2045 3: one of each per entity. A second one prepended to a signed message is the one the parser
# reads while DKIM verifies the last (RFC 6376 5.4.2), and h= often leaves them out: a prepended
# "Content-Type: text/plain" would make the text commands are read from out of a signed attachment.
_MIME_TITLES = {
    "mime-version": "MIME-Version",
    "content-type": "Content-Type",
    "content-transfer-encoding": "Content-Transfer-Encoding",
}
_AUTOMATED_LOCAL_PARTS = frozenset({"mailer-daemon", "postmaster", "noreply", "no-reply", "do-not-reply"})
_BULK_PRECEDENCE = frozenset({"bulk", "junk", "list"})
_MSG_ID = re.compile(r"<[^<>\s]*>")
_AUTO_SUBMITTED_KEYWORD = re.compile(r"[\s;(]")
# Python strings may hold lone surrogates, which UTF-8 cannot encode; some charsets decode to them.
_SURROGATES = re.compile(r"[\ud800-\udfff]")


@dataclass(frozen=True)
class Inbound:
    """The facts mailgate uses from one message; see parse_message."""

    message_id: str | None
    from_addresses: tuple[str, ...]
    subject: str
    date: datetime | None
    header_counts: Mapping[str, int] = field(hash=False)
    text: str
    in_reply_to: str | None
    references: tuple[str, ...]
    automated: str | None
    is_own: bool
    mime_header_counts: Mapping[str, int] = field(default_factory=dict, hash=False)
    #: "delivery-status" or "feedback-report" for a top-level multipart/report (reports.report_type).
    report_type: str | None = None

    @property
    def from_address(self) -> str | None:
        """The sender when there is exactly one From header holding exactly one address."""
        if self.header_counts.get("from") == 1 and len(self.from_addresses) == 1:
            return self.from_addresses[0]
        return None


def parse_message(raw: bytes) -> Inbound:
    """Parse raw RFC 5322 bytes into an Inbound; degrades to empty values instead of raising."""
    msg: Message
    try:
        # compat32 for the structure: 10-20x cheaper than policy.default, which builds header objects
        # we do not use; the few headers we need are decoded one by one (_decoded, _addr_specs).
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception:  # the stdlib parser is lenient, but it is not proven never to raise
        msg = _headers_only(raw)
    from_addresses = _from_addresses(msg)
    return Inbound(
        message_id=_message_id(msg),
        from_addresses=from_addresses,
        subject=_subject(msg),
        date=_date(msg),
        header_counts=_header_counts(msg),
        text=_text(msg),
        in_reply_to=_first_stripped(msg, "in-reply-to"),
        references=_references(msg),
        automated=_automated(msg, from_addresses),
        is_own=bool(_raw_values(msg, MAILGATE_HEADER)),
        mime_header_counts=_header_counts(msg, tuple(_MIME_TITLES)),
        report_type=report_type_of(msg),
    )


def _headers_only(raw: bytes) -> Message:
    """The header section alone, its body left unparsed (so no text), for a message the full parser
    gives up on: message/rfc822 nested past Python's recursion limit raises RecursionError."""
    try:
        return email.parser.BytesParser(policy=email.policy.compat32).parsebytes(raw, headersonly=True)
    except Exception:  # as above: not proven never to raise
        return Message()


def structural_problems(inbound: Inbound, now: datetime, window: timedelta) -> list[str]:
    """Reasons the message is unfit to carry a command whatever its signature; [] when fine.

    `now` must be timezone-aware; the Date header must lie within now ± window."""
    if now.tzinfo is None:
        raise ValueError("now must be a timezone-aware datetime")
    titles = {**_HEADER_TITLES, **_MIME_TITLES}
    problems = [
        f"{count} {titles[name]} headers"
        for name, count in (*inbound.header_counts.items(), *inbound.mime_header_counts.items())
        if count > 1 and name in titles
    ]
    problems.extend(_from_problems(inbound))
    problems.extend(_date_problems(inbound, now, window))
    return problems


def _from_problems(inbound: Inbound) -> list[str]:
    count = inbound.header_counts.get("from", 0)
    if count == 0:
        return ["missing From"]
    if count == 1 and len(inbound.from_addresses) > 1:
        return [f"From has {len(inbound.from_addresses)} addresses"]
    if not inbound.from_addresses:
        return ["From has no address"]
    return []


def _date_problems(inbound: Inbound, now: datetime, window: timedelta) -> list[str]:
    if inbound.header_counts.get("date", 0) == 0:
        return ["missing Date"]
    if inbound.date is None:
        return ["Date is unreadable"]
    age = now - inbound.date
    if age > window:
        return [f"Date is {_describe_age(age)} old"]
    if -age > window:
        return ["Date is in the future"]
    return []


def _describe_age(age: timedelta) -> str:
    if age.days >= 1:
        return _plural(age.days, "day")
    hours = age.seconds // 3600
    if hours >= 1:
        return _plural(hours, "hour")
    return _plural(age.seconds // 60, "minute")


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


# --- headers -----------------------------------------------------------------------------------------


def _raw_values(msg: Message, name: str) -> list[str]:
    """Every value of header `name`, unfolded (RFC 5322 2.2.3) and with 8-bit bytes decoded.

    Read from the raw header list so that a header the policy's parser chokes on is still seen."""
    wanted = name.lower()
    return [_clean(str(value)) for key, value in msg.raw_items() if key.lower() == wanted]


def _clean(value: str) -> str:
    """Unfold, drop NULs, and turn the surrogate escapes the parser uses for undeclared 8-bit header
    bytes (and for encoded words in unknown charsets) into UTF-8 text (RFC 6532 3.2)."""
    try:
        text = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeError:
        text = value.encode("utf-8", "replace").decode("utf-8")
    return text.replace("\r", "").replace("\n", "").replace("\x00", "")


def _first_stripped(msg: Message, name: str) -> str | None:
    values = _raw_values(msg, name)
    return (values[0].strip() or None) if values else None


def _message_id(msg: Message) -> str | None:
    value = _first_stripped(msg, "message-id")
    return value if value is None or len(value) <= MAX_MESSAGE_ID_CHARS else None


def _header_counts(msg: Message, counted: tuple[str, ...] = COUNTED_HEADERS) -> Mapping[str, int]:
    names = [key.lower() for key in msg]
    return MappingProxyType({name: names.count(name) for name in counted})


def _decoded(name: str, value: str) -> str:
    """RFC 2047 decoding of one header value; the raw text if the header parser fails. Text without
    an encoded word ("=?") is the parser's answer up to whitespace, which callers collapse."""
    if "=?" not in value:
        return value
    try:
        return _clean(str(email.policy.default.header_factory(name, value)))
    except Exception:  # header parsers raise assorted errors on malformed input (e.g. IndexError)
        return value


def _subject(msg: Message) -> str:
    values = _raw_values(msg, "subject")
    return " ".join(_decoded("subject", values[0]).split()) if values else ""


def _from_addresses(msg: Message) -> tuple[str, ...]:
    return tuple(
        _normalised_or_lowered(spec) for value in _raw_values(msg, "from") for spec in _addr_specs(value)
    )


# The From headers nearly all mail has, `Name <local@domain>`, `"Last, First" <local@domain>` or
# `local@domain`, with an ASCII dot-atom address and no comments: read with one regex, which gives the
# addr-spec the header parser would (tests/test_message.py compares the two on generated headers) at
# a tenth of its CPU. Anything else goes to the parser.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM_ADDRESS = rf"{_ATOM}(?:\.{_ATOM})*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
# Linear: the unquoted display name stops at "<" and takes its own spaces; no two repeats overlap.
_SIMPLE_MAILBOX = re.compile(
    rf"""(?:[^"<>@,;:()\\\[\]\x00-\x08\x0a-\x1f\x7f]*|[ \t]*"[^"\\\x00-\x08\x0a-\x1f\x7f]*"[ \t]*)
    <(?P<angle>{_DOT_ATOM_ADDRESS})>[ \t]*|[ \t]*(?P<bare>{_DOT_ATOM_ADDRESS})[ \t]*""",
    re.VERBOSE,
)


def _addr_specs(value: str) -> list[str]:
    """The addr-specs of one address-list header (RFC 5322 3.4), comments and display names dropped."""
    simple = _SIMPLE_MAILBOX.fullmatch(value)
    if simple is not None:
        return [simple["angle"] or simple["bare"]]
    return _parsed_addr_specs(value)


def _parsed_addr_specs(value: str) -> list[str]:
    try:
        header = email.policy.default.header_factory("from", value)
        specs = [address.addr_spec for address in getattr(header, "addresses", ())]
    except Exception:  # fall back to the older, more forgiving parser
        specs = [spec for _, spec in email.utils.getaddresses([value])]
    return [spec for spec in specs if spec.strip() and spec != "<>"]


def _normalised_or_lowered(spec: str) -> str:
    # The header parser can turn undeclared 8-bit bytes back into surrogate escapes; clean again.
    spec = _clean(spec)
    try:
        return normalise_address(spec)
    except AddressError:
        return spec.strip().lower()


def _date(msg: Message) -> datetime | None:
    values = _raw_values(msg, "date")
    if not values:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(values[0].strip())
    except (ValueError, TypeError, OverflowError, IndexError):
        return None
    # RFC 5322 3.3: "-0000" means UTC with the sender's zone unknown; the stdlib returns it naive.
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _references(msg: Message) -> tuple[str, ...]:
    """Message-IDs of References (RFC 5322 3.6.4), whitespace-separated tokens if none are bracketed."""
    values = _raw_values(msg, "references")
    if not values:
        return ()
    return tuple(_MSG_ID.findall(values[0])) or tuple(values[0].split())


def _automated(msg: Message, from_addresses: tuple[str, ...]) -> str | None:
    """Why the message looks machine-sent or list mail (RFC 3834 5, RFC 2369/2919), or None."""
    auto_submitted = _first_stripped(msg, "auto-submitted")
    # RFC 3834 5: the keyword may be followed by parameters (";") or a comment ("(...)").
    if auto_submitted and _AUTO_SUBMITTED_KEYWORD.split(auto_submitted, maxsplit=1)[0].lower() != "no":
        return f"Auto-Submitted: {auto_submitted}"
    precedence = (_first_stripped(msg, "precedence") or "").lower()
    if precedence in _BULK_PRECEDENCE:
        return f"Precedence: {precedence}"
    for name in ("List-Id", "X-Autoreply", "X-Autorespond"):
        if _raw_values(msg, name):
            return f"{name} present"
    return _automated_sender(from_addresses)


def _automated_sender(addresses: tuple[str, ...]) -> str | None:
    for address in addresses:
        if address.rpartition("@")[0].lower() in _AUTOMATED_LOCAL_PARTS:
            return f"From {address}"
    return None


# --- body --------------------------------------------------------------------------------------------


def _text(msg: Message) -> str:
    """The first text/plain part, else the first text/html part as plain text, else ""."""
    try:
        plain, html = _first_text_parts(msg)
        if plain is not None:
            return _part_text(plain)
        if html is not None:
            return html_to_text(_part_text(html))
    except Exception:  # malformed MIME must cost the text, never the message
        return ""
    return ""


def _first_text_parts(msg: Message) -> tuple[Message | None, Message | None]:
    plain: Message | None = None
    html: Message | None = None
    for part in _inline_leaves(msg):
        content_type = part.get_content_type()
        if content_type == "text/plain" and plain is None:
            plain = part
        elif content_type == "text/html" and html is None:
            html = part
    return plain, html


def _inline_leaves(msg: Message) -> Iterator[Message]:
    """Leaf parts in order, skipping attachments and never entering an attached message (message/*):
    text inside a forwarded message is not the sender's own."""
    if msg.is_multipart():
        payload = msg.get_payload()
        for child in payload if isinstance(payload, list) else ():
            if isinstance(child, Message) and child.get_content_maintype() != "message":
                yield from _inline_leaves(child)
    elif msg.get_content_disposition() != "attachment":
        yield msg


def _part_text(part: Message) -> str:
    """The part's decoded text (RFC 2045 transfer encoding, RFC 2046 charset), at most 64 KiB of it."""
    payload = part.get_payload(decode=True)
    data = payload[:MAX_TEXT_OCTETS] if isinstance(payload, bytes) else b""
    charset = part.get_content_charset() or "utf-8"  # us-ascii default; utf-8 is its superset
    try:
        text = data.decode(charset, "replace")
    except (LookupError, UnicodeError):  # unknown or non-text codec named in the charset parameter
        text = data.decode("utf-8", "replace")
    # utf-7, unicode_escape and raw_unicode_escape decode to lone surrogates even with "replace".
    return _SURROGATES.sub("\ufffd", text.replace("\x00", ""))


# --- HTML to text ------------------------------------------------------------------------------------
# A small linear-time scanner rather than html.parser: on Python 3.11 html.parser is quadratic on
# unclosed tags (64 KiB of "<a " takes ~45 s) and raises AssertionError on some "<![" input.

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*+)[^<>]*+>")
_DECLARATION = re.compile(r"<[!?/][^<>]*+>")
_WHITESPACE = re.compile(r"\s+")
_SKIPPED = frozenset({"script", "style", "title"})
_BREAKS = frozenset({"br", "p", "div", "li", "tr", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"})


def html_to_text(markup: str) -> str:
    """Visible text of an HTML body: script/style dropped, block elements on their own lines,
    entities decoded, and each <blockquote> (quoted history) announced by a line ">"."""
    chunks: list[str] = []
    pos = 0
    while pos < len(markup):
        lt = markup.find("<", pos)
        if lt < 0:
            lt = len(markup)
        # Source line breaks are plain whitespace in HTML; only elements make lines.
        chunks.append(_WHITESPACE.sub(" ", html.unescape(markup[pos:lt])))
        pos = _consume_markup(markup, lt, chunks)
    return _tidy_lines("".join(chunks))


def _consume_markup(markup: str, lt: int, chunks: list[str]) -> int:
    """Handle the construct starting at `lt`; return the position after it."""
    if lt >= len(markup):
        return lt
    if markup.startswith("<!--", lt):
        end = markup.find("-->", lt + 4)
        return len(markup) if end < 0 else end + 3
    tag = _TAG.match(markup, lt)
    if tag is None:
        other = _DECLARATION.match(markup, lt)
        if other is not None:
            return other.end()
        chunks.append("<")  # a lone "<" is text
        return lt + 1
    closing, name = tag.group(1) == "/", tag.group(2).lower()
    if name in _SKIPPED and not closing:
        close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(markup, tag.end())
        return len(markup) if close is None else close.end()
    if name in _BREAKS:
        chunks.append("\n")
    elif name == "blockquote":
        chunks.append("\n" if closing else "\n>\n")
    return tag.end()


def _tidy_lines(text: str) -> str:
    """Collapse whitespace within lines and runs of blank lines."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip("\n")
