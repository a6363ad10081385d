"""mailgate's own outgoing mail: confirmations of commands, the warning to unauthenticated staff, the
grammar for a message with no command, and forwards to a human. Each is built complete (Message-ID and
Date fixed) so it can be written to the outbox in the same transaction as the change it reports.

Every message carries `Auto-Submitted: auto-replied` (RFC 3834) and mailgate's own marker header, is
sent with a null envelope sender, and never repeats the commands in its Subject, so a reply that comes
back ("Re: ...") can never run again. DKIM signing happens at delivery (deliver.py), outside the
message's transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from mailgate.commands import GRAMMAR, Command, Parsed
from mailgate.message import MAILGATE_HEADER, Inbound
from mailgate.store.ops import Result
from mailgate.store.queue import Outgoing


@dataclass(frozen=True)
class Composer:
    from_address: str
    hostname: str

    def _base(self, to: str, subject: str, now: datetime, inbound: Inbound | None) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = self.from_address
        msg["To"] = to
        msg["Subject"] = subject
        msg["Date"] = format_datetime(now)
        msg["Message-ID"] = make_msgid(domain=self.hostname)
        msg["Auto-Submitted"] = "auto-replied"
        msg[MAILGATE_HEADER] = "yes"
        if inbound is not None and inbound.message_id:
            msg["In-Reply-To"] = inbound.message_id
            msg["References"] = " ".join((*inbound.references, inbound.message_id))
        return msg

    def _out(self, kind: str, msg: EmailMessage, to: str) -> Outgoing:
        # RFC 5322 lines end in CRLF; smtplib sends bytes as they are, so LF-only text would reach the
        # relay as one over-long line.
        data = msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))
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
        msg = self._base(to, subject, now, inbound)
        msg.set_content(_results_text(parsed, results))
        payload = json.dumps(_results_json(inbound, parsed, results), indent=2, ensure_ascii=False)
        msg.add_attachment(payload.encode(), maintype="application", subtype="json", filename="results.json")
        return self._out("confirmation", msg, to)

    def grammar(self, to: str, inbound: Inbound, parsed: Parsed, now: datetime) -> Outgoing:
        msg = self._base(to, "mailgate: no command found in your message", now, inbound)
        lines = ["mailgate found no command in your message.", ""]
        lines += [f"Not a command (ignored): {line}" for line in parsed.ignored]
        lines += [f"Not understood: {line} ({why})" for line, why in parsed.errors]
        msg.set_content("\n".join([*lines, "", GRAMMAR]))
        return self._out("grammar", msg, to)

    def auth_warning(self, to: str, inbound: Inbound, now: datetime) -> Outgoing:
        """Echoes none of the incoming text: the message may not be from `to` at all."""
        msg = self._base(to, "mailgate: a message in your name was not acted on", now, None)
        msg.set_content(
            "mailgate received a message with your address in From, but could not verify that you sent it\n"
            "(no valid DKIM signature aligned with your domain covering From, To, Subject, Date and\n"
            "Message-ID, or the message was malformed or too old). Nothing was changed.\n\n"
            "If you sent it, please send it again from your usual mail system. If you did not, no action\n"
            "is needed; the attempt is recorded in mailgate's audit log.\n"
        )
        return self._out("auth-warning", msg, to)

    def forward(self, to: str, raw: bytes, inbound: Inbound, note: str, now: datetime) -> Outgoing:
        msg = self._base(to, f"mailgate: {note}", now, None)
        msg.set_content(f"{note}\nThe original message is attached, unchanged.\n")
        msg.add_attachment(raw, maintype="message", subtype="rfc822", filename="original.eml")
        return self._out("forward", msg, to)


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
