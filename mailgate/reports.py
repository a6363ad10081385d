"""Machine-generated reports about mail mailgate sent: delivery status notifications (DSN bounces,
RFC 3464) and abuse feedback reports (ARF complaints, RFC 5965), both carried in a multipart/report
(RFC 6522) whose report-type names the kind. Only a real multipart/report is read: a plain-text
"Undelivered Mail" notice is no DSN here and yields nothing, so the pipeline treats it as unclear
automated mail. Like message.py this is pure (bytes in, values out), parses with the cheap compat32
policy, and never raises: a report that cannot be understood is one without facts."""

from __future__ import annotations

import email
import email.parser
import email.policy
import email.utils
import re
from dataclasses import dataclass
from email.message import Message

from mailgate.addresses import normalise_address
from mailgate.errors import AddressError

DELIVERY_STATUS = "delivery-status"
FEEDBACK_REPORT = "feedback-report"
_END_OF_HEADERS = re.compile(rb"\n\r?\n")
_HEADERS_ONLY = email.parser.BytesParser(policy=email.policy.compat32)
# Diagnostic-Code is free text from a remote server (RFC 3464 2.3.6); keep enough to log, no more.
MAX_DIAGNOSTIC_CHARS = 500
# RFC 3464 2.3.3: the action-field values.
_ACTIONS = frozenset({"failed", "delayed", "delivered", "relayed", "expanded"})
# RFC 3463 2: class.subject.detail, class 2, 4 or 5, subject and detail of one to three digits.
_STATUS = re.compile(r"(?<![\d.])([245])\.(\d{1,3})\.(\d{1,3})(?![\d.])")
# RFC 3464 2.3.6: Diagnostic-Code is "diagnostic-type ; text", the type an atom such as smtp or X-Postfix.
_TYPED_VALUE = re.compile(r"\s*[A-Za-z0-9][A-Za-z0-9.+-]*\s*;(.*)", re.DOTALL)
# RFC 3464 2.1 (message/delivery-status), RFC 6533 3 (its UTF-8 form), RFC 5965 3 (message/feedback-report).
_STATUS_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})
_FEEDBACK_TYPES = frozenset({"message/feedback-report"})
# RFC 6522 3 / RFC 3462: the optional third part, the returned message or just its header section.
_ORIGINAL_TYPES = frozenset(
    {"message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers"}
)
_RECIPIENT_FIELDS = ("final-recipient", "original-recipient", "action", "status")
_BLANK_LINE = re.compile(r"\r?\n[ \t]*\r?\n")


@dataclass(frozen=True)
class Bounce:
    """One per-recipient block of a DSN (RFC 3464 2.3)."""

    recipient: str | None
    status: str | None
    action: str | None
    diagnostic: str | None

    @property
    def hard(self) -> bool:
        """Delivery failed permanently: action failed with a 5.x.x status (RFC 3463 3.1)."""
        return self.action == "failed" and _status_class(self.status) == "5"

    @property
    def soft(self) -> bool:
        """A temporary problem: a 4.x.x status, or a delay warning."""
        return _status_class(self.status) == "4" or self.action == "delayed"


@dataclass(frozen=True)
class Complaint:
    """The facts of one ARF report (RFC 5965 3)."""

    feedback_type: str | None
    complained_address: str | None
    original_message_id: str | None
    reporting_mta: str | None


def report_type(raw: bytes) -> str | None:
    """ "delivery-status" or "feedback-report" when the top-level type is such a multipart/report.
    Reads the top-level header section only: every customer reply asks, and few are reports."""
    msg = _top_headers(raw)
    return report_type_of(msg) if msg is not None else None


def report_type_of(msg: Message) -> str | None:
    """report_type of a message already parsed (parse_message keeps it in Inbound.report_type)."""
    kind = _report_type(msg)
    return kind if kind in (DELIVERY_STATUS, FEEDBACK_REPORT) else None


def parse_dsn(raw: bytes) -> list[Bounce]:
    """One Bounce per per-recipient block of a DSN; [] for anything else or a DSN without them."""
    msg = _parse(raw)
    if msg is None or _report_type(msg) != DELIVERY_STATUS:
        return []
    part = _first_child(msg, _STATUS_TYPES)
    if part is None:
        return []
    return [_bounce(block) for block in _field_blocks(part) if _is_recipient_block(block)]


def parse_arf(raw: bytes) -> Complaint | None:
    """The complaint an ARF report makes; None when it is no ARF report or lacks its feedback part."""
    msg = _parse(raw)
    if msg is None or _report_type(msg) != FEEDBACK_REPORT:
        return None
    part = _first_child(msg, _FEEDBACK_TYPES)
    blocks = _field_blocks(part) if part is not None else []
    if not blocks:
        return None
    fields, original = blocks[0], _original(msg)
    return Complaint(
        feedback_type=_first_token(_field(fields, "feedback-type")),
        complained_address=_complained_address(fields, original),
        original_message_id=_field(original, "message-id") if original is not None else None,
        reporting_mta=_typed_value(_field(fields, "reporting-mta")),
    )


def original_headers(raw: bytes) -> dict[str, str]:
    """Header fields of the message a report returns or attaches (RFC 6522 3), by lower-case name,
    the first of each, unfolded; {} when the message is no multipart/report or attaches nothing."""
    msg = _parse(raw)
    original = _original(msg) if msg is not None and _report_type(msg) is not None else None
    headers: dict[str, str] = {}
    for key, value in original.raw_items() if original is not None else ():
        headers.setdefault(_clean(str(key)).strip().lower(), _clean(str(value)).strip())
    return headers


# --- structure ---------------------------------------------------------------------------------------


def _parse(raw: bytes) -> Message | None:
    try:
        return email.message_from_bytes(raw, policy=email.policy.compat32)
    except Exception:  # RecursionError on deep message/rfc822 nesting; not proven never to raise else
        return None


def _top_headers(raw: bytes) -> Message | None:
    """The top-level header section (up to its first empty line) parsed alone, its body left out."""
    end = _END_OF_HEADERS.search(raw)
    try:
        return _HEADERS_ONLY.parsebytes(raw if end is None else raw[: end.end()], headersonly=True)
    except Exception:  # as _parse: not proven never to raise
        return None


def _report_type(msg: Message) -> str | None:
    """The report-type parameter of a top-level multipart/report (RFC 6522 3), lower case."""
    try:
        if msg.get_content_type() != "multipart/report":
            return None
        value = msg.get_param("report-type")
        if value is None:
            return None
        return str(email.utils.collapse_rfc2231_value(value)).strip().lower() or None
    except Exception:  # compat32 parameter parsing on hostile headers
        return None


def _children(msg: Message) -> list[Message]:
    payload = msg.get_payload()
    return [child for child in payload if isinstance(child, Message)] if isinstance(payload, list) else []


def _first_child(msg: Message, types: frozenset[str]) -> Message | None:
    """The first direct part of one of `types`: RFC 6522 puts the report in the second part, but
    some generators add or drop parts around it, so the position is not relied on."""
    for child in _children(msg):
        if child.get_content_type() in types:
            return child
    return None


def _field_blocks(part: Message) -> list[Message]:
    """The header blocks of a message/delivery-status or message/feedback-report part.

    compat32 splits message/delivery-status into one Message per blank-line-separated block, and
    reads other message/* types as one message whose "body" holds any further blocks; a part sent
    base64 or quoted-printable (RFC 6533 allows it for the global form) is all body until decoded."""
    blocks: list[Message] = []
    encoding = str(part.get("content-transfer-encoding", "")).strip().lower()
    for child in _children(part):
        body = child.get_payload()
        body = body if isinstance(body, str) else ""
        if encoding in ("base64", "quoted-printable") and not child.keys():
            body = _decode(body, encoding)
        elif child.keys():
            blocks.append(child)
        blocks.extend(_blocks_from_text(body))
    return blocks


def _decode(body: str, encoding: str) -> str:
    carrier = Message()
    carrier["Content-Transfer-Encoding"] = encoding
    carrier.set_payload(body)
    data = carrier.get_payload(decode=True)
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else ""


def _blocks_from_text(text: str) -> list[Message]:
    parser = email.parser.HeaderParser(policy=email.policy.compat32)
    blocks = [parser.parsestr(chunk.lstrip("\r\n")) for chunk in _BLANK_LINE.split(text) if chunk.strip()]
    return [block for block in blocks if block.keys()]


def _original(msg: Message) -> Message | None:
    """The returned message (message/rfc822) or its header section (text/rfc822-headers)."""
    part = _first_child(msg, _ORIGINAL_TYPES)
    if part is None:
        return None
    if part.get_content_maintype() == "message" and part.get_content_type() != "message/global-headers":
        children = _children(part)
        if children and children[0].keys():
            return children[0]
        body = children[0].get_payload() if children else ""
        encoding = str(part.get("content-transfer-encoding", "")).strip().lower()
        return _headers_of(_decode(body, encoding).encode("utf-8") if isinstance(body, str) else b"")
    data = part.get_payload(decode=True)
    return _headers_of(data if isinstance(data, bytes) else b"")


def _headers_of(data: bytes) -> Message | None:
    try:
        parsed = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(data, headersonly=True)
    except Exception:  # as in _parse
        return None
    return parsed if parsed.keys() else None


# --- fields ------------------------------------------------------------------------------------------


def _clean(value: str) -> str:
    """Unfold, drop NULs, and turn the parser's surrogate escapes of 8-bit bytes into UTF-8 text."""
    try:
        text = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeError:  # a surrogate outside the escape range: not from bytes, so replace it
        text = value.encode("utf-8", "replace").decode("utf-8")
    return text.replace("\r", "").replace("\n", "").replace("\x00", "")


def _field(block: Message, name: str) -> str | None:
    for key, value in block.raw_items():
        if str(key).strip().lower() == name:
            return " ".join(_clean(str(value)).split()) or None
    return None


def _fields(block: Message, name: str) -> list[str]:
    return [
        " ".join(_clean(str(value)).split())
        for key, value in block.raw_items()
        if str(key).strip().lower() == name
    ]


def _is_recipient_block(block: Message) -> bool:
    """RFC 3464 2.2 and 2.3: the first block is per-message, the rest per-recipient; judged by the
    fields present, since generators that drop a blank line merge the two."""
    return any(_field(block, name) is not None for name in _RECIPIENT_FIELDS)


def _bounce(block: Message) -> Bounce:
    recipient = _address(_typed_value(_field(block, "final-recipient")))
    if recipient is None:
        recipient = _address(_typed_value(_field(block, "original-recipient")))
    diagnostic = _typed_value(_field(block, "diagnostic-code"))
    return Bounce(
        recipient=recipient,
        status=_status(_field(block, "status")),
        action=_action(_field(block, "action")),
        diagnostic=diagnostic[:MAX_DIAGNOSTIC_CHARS] if diagnostic else None,
    )


def _typed_value(value: str | None) -> str | None:
    """The text after "type;" (RFC 3464 2.1.2 address-type, 2.3.6 diagnostic-type, 2.2.2 mta-name-type);
    the whole value when a sloppy generator left the type out."""
    if value is None:
        return None
    typed = _TYPED_VALUE.fullmatch(value)
    text = (typed.group(1) if typed else value).strip()
    return text or None


def _status(value: str | None) -> str | None:
    found = _STATUS.search(value or "")
    return ".".join(str(int(number)) for number in found.groups()) if found else None


def _status_class(status: str | None) -> str | None:
    return status.partition(".")[0] if status else None


def _first_token(value: str | None) -> str | None:
    """The leading keyword of a field, lower case, without a trailing comment or parameters."""
    token = re.split(r"[\s;(]", value or "", maxsplit=1)[0].lower()
    return token or None


def _action(value: str | None) -> str | None:
    token = _first_token(value)
    return token if token in _ACTIONS else None


def _address(text: str | None) -> str | None:
    """A normalised address, else the lower-cased text when it at least looks like local@domain."""
    candidate = (text or "").strip()
    if candidate.startswith("<") and candidate.endswith(">"):
        candidate = candidate[1:-1].strip()
    try:
        return normalise_address(candidate)
    except AddressError:
        plausible = "@" in candidate and not any(char.isspace() for char in candidate)
        return candidate.lower() if plausible else None


def _complained_address(fields: Message, original: Message | None) -> str | None:
    """RFC 5965 3.2 Original-Rcpt-To, the envelope recipient the reporter saw, when it names one
    address; else the single To address of the attached original."""
    envelope = {address for value in _fields(fields, "original-rcpt-to") if (address := _address(value))}
    if envelope:
        return envelope.pop() if len(envelope) == 1 else None
    to = _field(original, "to") if original is not None else None
    try:
        specs = [spec for _, spec in email.utils.getaddresses([to])] if to else []
    except Exception:  # getaddresses has raised on hostile input in some Python releases
        return None
    addresses = {address for spec in specs if (address := _address(spec))}
    return addresses.pop() if len(addresses) == 1 else None
