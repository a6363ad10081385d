"""mailgate's own outgoing mail: confirmations of commands, the warning to unauthenticated staff, the
grammar for a message with no command, and forwards to a human. Each is built complete (Message-ID and
Date fixed) so it can be written to the outbox in the same transaction as the change it reports.

Every message carries `Auto-Submitted: auto-replied` (RFC 3834) and mailgate's own marker header, is
sent with a null envelope sender, and never repeats the commands in its Subject, so a reply that comes
back ("Re: ...") can never run again. DKIM signing happens at delivery (deliver.py), outside the
message's transaction."""

from __future__ import annotations

import base64
import email.charset
import email.policy
import email.quoprimime
import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.mime.application import MIMEApplication
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, make_msgid

from mailgate.commands import GRAMMAR, Command, Parsed
from mailgate.message import MAILGATE_HEADER, Inbound
from mailgate.store.ops import Result
from mailgate.store.queue import Outgoing

# compat32 and email.mime: the same MIME as EmailMessage builds, at a sixth of the CPU (2.0 -> ~0.3 ms
# per confirmation); headers here are ASCII or are encoded explicitly.


class _Policy(email.policy.Compat32):
    """compat32, with short plain ASCII headers (nearly all of ours) written as they are: folding them
    through email.header costs ~30 us a header and gives the same bytes (tests/test_reply.py)."""

    def fold_binary(self, name: str, value: str) -> bytes:
        if isinstance(value, str) and _plain_header(name, value, self.max_line_length):
            return f"{name}: {value}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


def _plain_header(name: str, value: str, max_line_length: int | None = 78) -> bool:
    return (
        (not max_line_length or len(name) + len(value) + 2 <= max_line_length)
        and value.isascii()
        and value.isprintable()  # no control characters: compat32 splits lines on some
        and value == value.strip()
        and "  " not in value
    )


_CRLF = _Policy(linesep="\r\n")
_BARE_LF = re.compile(rb"(?<!\r)\n")
_UTF8_QP = email.charset.Charset("utf-8")
_UTF8_QP.body_encoding = email.charset.QP  # readable in raw form, unlike the default base64
# What MIMEText(body, "plain", _UTF8_QP) puts first.
_TEXT_PLAIN_QP = (
    'Content-Type: text/plain; charset="utf-8"',
    "MIME-Version: 1.0",
    "Content-Transfer-Encoding: quoted-printable",
)
Built = MIMEMultipart | MIMEText


@dataclass(frozen=True)
class Composer:
    from_address: str
    hostname: str

    def _own_headers(self, to: str, subject: str, now: datetime) -> tuple[tuple[str, str], ...]:
        return (
            ("From", self.from_address),
            ("To", _header(to)),
            ("Subject", _header(subject)),
            ("Date", format_datetime(now)),
            ("Message-ID", make_msgid(domain=self.hostname)),
            ("Auto-Submitted", "auto-replied"),
            (MAILGATE_HEADER, "yes"),
        )

    def _headers(self, msg: Built, to: str, subject: str, now: datetime, inbound: Inbound | None) -> None:
        for name, value in (*self._own_headers(to, subject, now), *_answering(inbound)):
            msg[name] = value

    def _text(self, to: str, subject: str, body: str, now: datetime, inbound: Inbound | None) -> MIMEText:
        msg = MIMEText(body, "plain", _UTF8_QP)  # type: ignore[arg-type]
        self._headers(msg, to, subject, now, inbound)
        return msg

    def _plain(
        self,
        kind: str,
        to: str,
        subject: str,
        body: str,
        now: datetime,
        extra: tuple[tuple[str, str], ...] = (),
    ) -> Outgoing:
        """A text/plain message with no inbound to answer, written straight to bytes when every header is
        short plain ASCII (nearly always): the same bytes as `_text` and `_out` give (tests/test_reply.py),
        at a fraction of the CPU; anything else goes through the email package."""
        headers = (*self._own_headers(to, subject, now), *extra)
        if not all(_plain_header(name, value) for name, value in headers):
            msg = MIMEText(body, "plain", _UTF8_QP)  # type: ignore[arg-type]
            for name, value in headers:
                msg[name] = value
            return self._out(kind, msg, to)
        message_id = dict(headers)["Message-ID"]
        lines = [*_TEXT_PLAIN_QP, *(f"{name}: {value}" for name, value in headers), ""]
        data = "\r\n".join([*lines, _quoted_printable(body)]).encode("ascii")
        return Outgoing(kind=kind, message_id=message_id, mail_from="", rcpt_to=to, data=data)

    def _out(self, kind: str, msg: Built, to: str) -> Outgoing:
        # RFC 5322 lines end in CRLF; smtplib sends bytes as they are, so LF-only text would reach the
        # relay as one over-long line.
        data = msg.as_bytes(policy=_CRLF)
        return Outgoing(kind=kind, message_id=str(msg["Message-ID"]), mail_from="", rcpt_to=to, data=data)

    def confirmation(
        self,
        to: str,
        inbound: Inbound,
        parsed: Parsed,
        results: Sequence[tuple[Command, Result]],
        now: datetime,
    ) -> Outgoing:
        done = sum(r.outcome in ("done", "already") for _, r in results)
        subject = f"mailgate: {len(results)} command(s), {done} done or already so"
        headers = (*self._own_headers(to, subject, now), *_answering(inbound))
        text = _results_text(parsed, results)
        # (no indent: json's C encoder; indented, the pure-Python one cost ~0.1 ms a confirmation)
        payload = json.dumps(_results_json(inbound, parsed, results), ensure_ascii=False).encode()
        boundary = _boundary()
        if all(_plain_header(name, value) for name, value in headers):
            return _with_results("confirmation", to, headers, boundary, text, payload)
        return self._out("confirmation", _results_mime(headers, boundary, text, payload), to)

    def grammar(self, to: str, inbound: Inbound, parsed: Parsed, now: datetime) -> Outgoing:
        lines = ["mailgate found no command in your message.", ""]
        lines += [f"Not a command (ignored): {line}" for line in parsed.ignored]
        lines += [f"Not understood: {line} ({why})" for line, why in parsed.errors]
        body = "\n".join([*lines, "", GRAMMAR])
        msg = self._text(to, "mailgate: no command found in your message", body, now, inbound)
        return self._out("grammar", msg, to)

    def auth_warning(self, to: str, inbound: Inbound, now: datetime) -> Outgoing:
        """Echoes none of the incoming text: the message may not be from `to` at all."""
        return self._plain(
            "auth-warning", to, "mailgate: a message in your name was not acted on", _WARNING, now
        )

    def customer_confirmation(self, to: str, conversation: str | None, now: datetime, last: bool) -> Outgoing:
        """One confirmation of an opt-out to the customer (None: every conversation). Customers do not
        authenticate, so it echoes none of the incoming text, not even its Message-ID."""
        what = f'from the conversation "{conversation}"' if conversation else "from us"
        body = f"You will receive no more email {what}.\n\nThis confirms your request; no reply is needed.\n"
        return self._plain("customer", to, "You have been unsubscribed", body + _last(last), now)

    def confirmation_request(
        self,
        to: str,
        reply_to: str,
        pending: str,
        conversation: str | None,
        hours: float,
        now: datetime,
        last: bool,
    ) -> Outgoing:
        """Ask the customer to confirm `pending` by replying to the single-use `reply_to` address.
        Echoes none of the incoming text: the request may not have come from `to` at all."""
        subject, asked = _REQUESTS[pending]
        where = f' the conversation "{conversation}"' if conversation else " all our email"
        body = (
            f"We received a request to {asked}{where} for this address.\n\n"
            f"To confirm, reply to this message (the reply goes to {reply_to}); any text will do.\n"
            f"This request expires in {hours:g} hours and works once.\n\n"
            "If you did not ask for this, ignore this message: nothing will change.\n"
        )
        return self._plain("customer", to, subject, body + _last(last), now, (("Reply-To", reply_to),))

    def owner_alert(
        self, to: str, address: str, action: str, conversation: str, evidence: str, now: datetime
    ) -> Outgoing:
        """An alert to a conversation's owner who asked for one (conversations.alert_owner)."""
        what = _ALERTS.get(action, action)
        body = (
            f"{address} {what}.\nConversation: {conversation}\nEvidence: {evidence}\n\n"
            "Please check that the change reached any other system that emails this person.\n"
        )
        return self._plain("alert", to, f"mailgate alert: {address} {what}"[:200], body, now)

    def forward(
        self,
        to: str,
        raw: bytes,
        inbound: Inbound,
        note: str,
        now: datetime,
        headers: dict[str, str] | None = None,
    ) -> Outgoing:
        """The original attached byte for byte as message/rfc822, 8bit (RFC 2046 5.2.1 allows no
        base64 there), its lines CRLF as SMTP carries them (RFC 5321 2.3.8): a file given to
        `mailgate process` may have LF only."""
        msg = MIMEMultipart("mixed", boundary=_boundary())
        self._headers(msg, to, f"mailgate: {note}", now, None)
        for name, value in (headers or {}).items():
            msg[name] = value
        text = MIMEText(f"{note}\nThe original message is attached, unchanged.\n", "plain", _UTF8_QP)  # type: ignore[arg-type]
        msg.attach(text)
        original = MIMEBase("message", "rfc822")
        # The generator writes only ASCII, so the part holds a unique placeholder that is replaced by
        # the original's bytes once the message is rendered.
        placeholder = f"mailgate-original-{uuid.uuid4().hex}"
        original.set_payload(placeholder)
        original["Content-Transfer-Encoding"] = "8bit"
        original.add_header("Content-Disposition", "attachment", filename="original.eml")
        msg.attach(original)
        out = self._out("forward", msg, to)
        crlf = _BARE_LF.sub(b"\r\n", raw if raw.endswith(b"\n") else raw + b"\n")
        data = out.data.replace(placeholder.encode(), crlf.removesuffix(b"\r\n"), 1)
        return Outgoing(out.kind, out.message_id, out.mail_from, out.rcpt_to, data)


_WARNING = (
    "mailgate received a message with your address in From, but could not verify that you sent it\n"
    "(no valid DKIM signature aligned with your domain covering From, To, Subject, Date and\n"
    "Message-ID, or the message was malformed or too old). Nothing was changed.\n\n"
    "If you sent it, please send it again from your usual mail system. If you did not, no action\n"
    "is needed; the attempt is recorded in mailgate's audit log.\n"
)


_REQUESTS = {
    "subscribe": ("Please confirm your subscription", "subscribe to"),
    "unsubscribe": ("Please confirm: unsubscribe", "unsubscribe from"),
    "unsubscribe-all": ("Please confirm: unsubscribe", "unsubscribe from"),
    "do-not-email": ("Please confirm: no more email", "stop"),
}
_ALERTS = {
    "unsubscribe": "unsubscribed",
    "unsubscribe-all": "unsubscribed from every conversation",
    "do-not-email": "asked not to be emailed (do not email)",
}


def _answering(inbound: Inbound | None) -> tuple[tuple[str, str], ...]:
    if inbound is None or not inbound.message_id:
        return ()
    return (
        ("In-Reply-To", inbound.message_id),
        ("References", " ".join((*inbound.references, inbound.message_id))),
    )


def _results_mime(
    headers: Sequence[tuple[str, str]], boundary: str, text: str, payload: bytes
) -> MIMEMultipart:
    """A confirmation through the email package: the text, then the results as a JSON attachment."""
    msg = MIMEMultipart("mixed", boundary=boundary)
    for name, value in headers:
        msg[name] = value
    msg.attach(MIMEText(text, "plain", _UTF8_QP))  # type: ignore[arg-type]
    part = MIMEApplication(payload, "json")
    part.add_header("Content-Disposition", "attachment", filename="results.json")
    msg.attach(part)
    return msg


_JSON_PART = (
    "Content-Type: application/json",
    "MIME-Version: 1.0",
    "Content-Transfer-Encoding: base64",
    'Content-Disposition: attachment; filename="results.json"',
)


def _with_results(
    kind: str, to: str, headers: Sequence[tuple[str, str]], boundary: str, text: str, payload: bytes
) -> Outgoing:
    """What `_results_mime` and `_out` write, in bytes directly when every header is short plain ASCII
    (tests/test_reply.py holds the two equal): a CSR confirmation's composition was ~0.35 ms of the
    signed mix's per-message CPU, nearly all of it the email package's generator."""
    # compat32 folds the one parameter onto a line of its own once the line would pass 78 characters
    fold = "\r\n " if len(boundary) + len('Content-Type: multipart/mixed; boundary=""') > 78 else " "
    head = [f'Content-Type: multipart/mixed;{fold}boundary="{boundary}"', "MIME-Version: 1.0"]
    head += [f"{name}: {value}" for name, value in headers]
    b64 = base64.encodebytes(payload).decode("ascii").replace("\n", "\r\n")  # LF-ended lines, no CR
    delimiter = f"--{boundary}"
    parts = [
        "\r\n".join(head),
        "",
        delimiter,
        *_TEXT_PLAIN_QP,
        "",
        _quoted_printable(text),
        delimiter,
        *_JSON_PART,
        "",
        b64,
        f"{delimiter}--",
        "",
    ]
    data = "\r\n".join(parts).encode("ascii")
    return Outgoing(kind=kind, message_id=dict(headers)["Message-ID"], mail_from="", rcpt_to=to, data=data)


def _quoted_printable(text: str) -> str:
    """UTF-8 text as the email package's quoted-printable body, with CRLF lines (the encoder ends lines
    with LF alone and writes no CR: a CR in the text is encoded or ends a line)."""
    return email.quoprimime.body_encode(text.encode("utf-8").decode("latin-1")).replace("\n", "\r\n")


def _boundary() -> str:
    """A boundary of our own: the generator otherwise makes one and compiles a new regex to check it
    against the text, a sixth of a confirmation's CPU. "=_" cannot occur in quoted-printable or base64
    parts, and 128 random bits cannot be guessed by whoever writes the original a forward attaches."""
    return f"=_mailgate_{uuid.uuid4().hex}"


def _last(last: bool) -> str:
    return "\nThis is the last message we will send to this address today.\n" if last else ""


def _header(value: str) -> str:
    """RFC 2047-encode a header value that is not ASCII (an SMTPUTF8 address or a non-ASCII name)."""
    return value if value.isascii() else Header(value, "utf-8").encode()


def _results_text(parsed: Parsed, results: Sequence[tuple[Command, Result]]) -> str:
    lines = ["mailgate processed your message:", ""]
    for command, result in results:
        lines.append(f"{command.line}\n    -> {result.outcome}: {result.detail}")
    for line, why in parsed.errors:
        lines.append(f"{line}\n    -> not understood: {why}")
    if parsed.ignored:
        lines += ["", "Lines that are not commands (ignored):"] + [f"    {line}" for line in parsed.ignored]
    if parsed.reason:
        lines += ["", f"Reason recorded with every change: {parsed.reason}"]
    return "\n".join(lines) + "\n"


def _results_json(inbound: Inbound, parsed: Parsed, results: Sequence[tuple[Command, Result]]) -> object:
    return {
        "message_id": inbound.message_id,
        "reason": parsed.reason,
        "results": [
            {
                "command": c.verb,
                "address": c.address,
                "customer_id": c.customer_id,
                "conversation": c.conversation,
                "line": c.line,
                "outcome": r.outcome,
                "detail": r.detail,
                "suggestions": list(r.suggestions),
            }
            for c, r in results
        ],
        "errors": [{"line": line, "problem": why} for line, why in parsed.errors],
        "ignored": list(parsed.ignored),
    }
