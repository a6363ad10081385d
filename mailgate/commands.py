"""The CSR command language: text in, commands out. A CSR writes one command per line, in the Subject
or at the top of the body (`Unsubscribe lisa@example.com Statements`); reading stops where the CSR's
own words end (signature, quoted history, forwarded message, a line `end`). Verbs live in a small
registry, so adding a command is adding one `Verb` entry; the help text sent back to a CSR whose
message held no command is generated from the same entries. Every regex here is linear-time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from mailgate.addresses import normalise_address
from mailgate.errors import AddressError


@dataclass(frozen=True)
class Verb:
    """One command of the registry."""

    name: str  # lower case; matched case-insensitively
    arguments: str  # the argument pattern shown in help
    needs_conversation: bool  # False: no conversation name means "all conversations"
    help: str
    examples: tuple[str, ...]


VERBS: tuple[Verb, ...] = (
    Verb(
        name="unsubscribe",
        arguments="<address> [id:<customer id>] [<conversation name>]",
        needs_conversation=False,
        help="Stop mail to the customer for the named conversation, or for all conversations.",
        examples=("Unsubscribe lisa@example.com", "Unsubscribe lisa@example.com Statements"),
    ),
    Verb(
        name="subscribe",
        arguments="<address> [id:<customer id>] <conversation name>",
        needs_conversation=True,
        help="Resume mail to the customer for the named conversation.",
        examples=("Subscribe lisa@example.com Statements", "Subscribe <lisa@example.com> id:C-2 Statements"),
    ),
)
_VERBS_BY_NAME = {verb.name: verb for verb in VERBS}
# The store keeps conversation names (and the name a command gave, in its audit row) in 200 characters;
# a longer name can match no conversation and must not reach the database (PostgreSQL refuses it).
MAX_CONVERSATION_CHARS = 200


@dataclass(frozen=True)
class Command:
    verb: str  # a Verb.name
    address: str  # normalised
    customer_id: str | None  # from an optional `id:<customer id>` token right after the address
    conversation: str | None  # whitespace collapsed; None = all conversations
    line: str  # the line as written (surrounding whitespace stripped), for the reply


@dataclass(frozen=True)
class Parsed:
    commands: tuple[Command, ...]
    reason: str | None  # the last `Reason: <text>` line; applies to every change
    ignored: tuple[str, ...]  # non-blank lines that are not commands
    errors: tuple[tuple[str, str], ...]  # (line, problem) for malformed command or Reason lines


def _grammar() -> str:
    lines = ["Commands, one per line, in the Subject or at the top of the message (verbs in any case):", ""]
    for verb in VERBS:
        lines += [f"  {verb.name.capitalize()} {verb.arguments}", f"      {verb.help}"]
    lines += ["  Reason: <text>", "      Recorded with every change made by the message.", "", "Examples:"]
    lines += [f"  {example}" for verb in VERBS for example in verb.examples]
    lines.append("")
    lines.append('Reading stops at a signature ("-- "), quoted or forwarded text, or a line "end".')
    return "\n".join(lines) + "\n"


GRAMMAR: str = _grammar()

# Reply and forward markers of common mail clients, in several languages, with optional counters
# ("Re[2]:", "Re(2):"); RFC 5322 3.6.5 only blesses "Re: ". Possessive quantifiers keep it linear.
_REPLY_PREFIX = re.compile(
    r"(?:re|res|rv|fwd?|aw|wg|tr|sv|vs|antw|doorst|rif|r|i|réf|enc|odp|回复|答复|转发)"
    r"\s*+(?:\[\d++\]\s*+|\(\d++\)\s*+)?[:：]\s*+",
    re.IGNORECASE,
)
# Invisible characters some clients sprinkle into text (zero-width spaces and joiners, BOM).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
# Attribution lines that open quoted history: (first word, phrase), e.g. "On …, Mark <m@x> wrote:".
_ATTRIBUTIONS = (("on", "wrote"), ("le", "a écrit"), ("am", "schrieb"), ("el", "escribió"))
_ATTRIBUTION_LEADS = frozenset(lead for lead, _ in _ATTRIBUTIONS)
# Outlook's plain-text header block of the message replied to: "From: …" then "Sent: …".
_OUTLOOK_FROM = ("from:", "de:", "de :", "von:", "van:", "da:", "od:")
_OUTLOOK_SENT = ("sent:", "date:", "envoyé", "gesendet:", "enviado", "verzonden:", "inviato:", "wysłano:")


def strip_reply_prefixes(subject: str) -> str:
    """Remove any number of leading reply/forward prefixes ("RE: AW: Fwd:") from a subject."""
    text = subject.strip()
    while (prefix := _REPLY_PREFIX.match(text)) is not None:
        text = text[prefix.end() :]
    return text


def parse_commands(subject: str, body: str, max_lines: int = 20) -> Parsed:
    """Read the commands of the Subject, then of the body; at most `max_lines` non-blank lines."""
    result = _Collector()
    for line in islice(_candidate_lines(subject, body), max(max_lines, 0)):
        result.read(line)
    return result.freeze()


@dataclass
class _Collector:
    commands: list[Command] = field(default_factory=list)
    reason: str | None = None
    ignored: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)

    def read(self, line: str) -> None:
        key, colon, rest = line.partition(":")
        if colon and key.strip().lower() == "reason":
            self._read_reason(line, rest)
            return
        words = line.split()
        verb = _VERBS_BY_NAME.get(words[0].removesuffix(":").lower())
        if verb is None:
            self.ignored.append(line)
            return
        outcome = _parse_command(verb, words[1:], line)
        if isinstance(outcome, Command):
            self.commands.append(outcome)
        else:
            self.errors.append((line, outcome))

    def _read_reason(self, line: str, text: str) -> None:
        reason = " ".join(text.split())
        if reason:
            self.reason = reason
        else:
            self.errors.append((line, "Reason: needs a text"))

    def freeze(self) -> Parsed:
        return Parsed(tuple(self.commands), self.reason, tuple(self.ignored), tuple(self.errors))


def _parse_command(verb: Verb, arguments: list[str], line: str) -> Command | str:
    """A Command from the words after the verb, or the problem with them."""
    title = verb.name.capitalize()
    if not arguments:
        return f"{title} needs an address, e.g. {verb.examples[0]}"
    address_text = _without_mailto(arguments.pop(0))
    if arguments and arguments[0].lower().startswith("<mailto:"):
        arguments.pop(0)  # Outlook's plain text renders a linked address as "x@y <mailto:x@y>"
    try:
        address = normalise_address(address_text)
    except AddressError as error:
        return f"bad address {address_text!r}: {error.why}"
    customer_id = None
    if arguments and arguments[0].lower().startswith("id:"):
        customer_id = arguments.pop(0)[3:]
        if not customer_id:
            return "empty id: (write id:<customer id> without a space)"
    conversation = " ".join(arguments) or None
    if conversation is None and verb.needs_conversation:
        return f"{title} needs a conversation name, e.g. {verb.examples[0]}"
    if conversation is not None and len(conversation) > MAX_CONVERSATION_CHARS:
        return f"conversation name longer than {MAX_CONVERSATION_CHARS} characters"
    return Command(verb.name, address, customer_id, conversation, line)


def _without_mailto(word: str) -> str:
    """ "lisa@example.com<mailto:lisa@example.com>" (Outlook plain text) -> "lisa@example.com"."""
    cut = word.lower().find("<mailto:")
    return word[:cut] if cut > 0 and word.endswith(">") else word


def _candidate_lines(subject: str, body: str) -> Iterator[str]:
    """Non-blank lines that may hold commands: the Subject, then the body up to where reading stops."""
    first = " ".join(strip_reply_prefixes(subject.translate(_INVISIBLE)).split())
    if first:
        yield first
    lines = body.translate(_INVISIBLE).splitlines()
    for index, raw in enumerate(lines):
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if _ends_reading(raw, following):
            return
        if raw.strip():
            yield raw.strip()


def _ends_reading(raw: str, following: str) -> bool:
    """Whether the line starts text that is not the CSR's own words."""
    line = raw.strip()
    # RFC 3676 4.3: "-- " alone opens a signature; "--" is its whitespace-stripped variant.
    # RFC 3676 4.5: a line starting with ">" is quoted.
    if raw.rstrip("\r\n") == "-- " or line == "--" or line.startswith(">") or line.lower() == "end":
        return True
    return _is_separator(line) or _is_attribution(line, following) or _is_outlook_block(line, following)


def _is_separator(line: str) -> bool:
    """ "-----Original Message-----", "---------- Forwarded message ---------", Apple Mail's
    "Begin forwarded message:", and the underscore rule Outlook draws above quoted headers."""
    if line.startswith("---") and line.endswith("---") and line.strip("-").strip():
        return True
    return line.lower().startswith("begin forwarded message") or (len(line) >= 10 and not line.strip("_"))


def _is_attribution(line: str, following: str) -> bool:
    """ "On Tue, 3 Mar 2026, Mark <m@x> wrote:" and its French, German and Spanish forms, possibly
    wrapped onto the following line."""
    words = line.lower().split(maxsplit=1)
    if not words or words[0] not in _ATTRIBUTION_LEADS:
        return False
    return _attribution_text(line) or _attribution_text(f"{line} {following}")


def _attribution_text(text: str) -> bool:
    low = text.lower().rstrip()
    first = low.split(maxsplit=1)[0]
    return low.endswith(":") and any(first == lead and phrase in low for lead, phrase in _ATTRIBUTIONS)


def _is_outlook_block(line: str, following: str) -> bool:
    return line.lower().startswith(_OUTLOOK_FROM) and following.lower().startswith(_OUTLOOK_SENT)
