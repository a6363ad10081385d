"""The one exception hierarchy of mailgate. Each exception carries its data and renders itself, so the
SMTP layer, the CLI and the confirmation replies can say precisely what went wrong without parsing text.

Temporary errors (the sender should retry: SMTP 4xx) and permanent errors (5xx, or a reply to an
authorised sender) are kept apart by class, never by message text."""

from __future__ import annotations


class MailgateError(Exception):
    """Base class of every error mailgate raises on purpose. `message_id` and `sender` are filled in by
    the pipeline when the error arose while processing a message, so the log line can name it."""

    message_id: str | None = None
    sender: str | None = None

    def render(self) -> str:
        return str(self)


class ConfigError(MailgateError):
    """One or more problems in a configuration file, all reported at once with their keys."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems

    def render(self) -> str:
        return "config: " + "; ".join(self.problems)


class AddressError(MailgateError, ValueError):
    """A string that is not a usable mail address."""

    def __init__(self, address: str, why: str) -> None:
        super().__init__(f"bad address {address!r}: {why}")
        self.address = address
        self.why = why


class TemporaryError(MailgateError):
    """Something outside mailgate failed for now (DNS, database); the message must be retried (4xx)."""


class ProcessingError(TemporaryError):
    """An unexpected exception while processing a message: answered 451 (never a 5xx with exception
    text), logged with its traceback, and retried by the sending MTA."""


class TemporaryDNSError(TemporaryError):
    """A DNS lookup needed to authenticate a message failed temporarily (SERVFAIL, timeout)."""

    def __init__(self, name: str, why: str) -> None:
        super().__init__(f"DNS lookup of {name} failed temporarily: {why}")
        self.name = name
        self.why = why


class StoreUnavailable(TemporaryError):
    """The database could not commit; nothing of the message was kept."""


class SchemaOutOfDate(MailgateError):
    """The database schema is behind the code; `mailgate db upgrade` fixes it."""

    def __init__(self, current: str | None, head: str) -> None:
        super().__init__(
            f"database schema is at revision {current or 'none'}, this mailgate needs {head}: "
            "run `mailgate db upgrade`"
        )
        self.current = current
        self.head = head


class NotFound(MailgateError):
    """A named thing (customer, conversation, staff member, outbox row) does not exist."""

    def __init__(self, kind: str, key: str, suggestions: tuple[str, ...] = ()) -> None:
        text = f"unknown {kind} {key!r}"
        if suggestions:
            text += "; did you mean " + ", ".join(repr(s) for s in suggestions) + "?"
        super().__init__(text)
        self.kind = kind
        self.key = key
        self.suggestions = suggestions


class Conflict(MailgateError):
    """A request that contradicts the data (duplicate name, ambiguous customer, forbidden transition)."""


class RelayRefused(MailgateError):
    """The outbound relay refused a message; permanent when its reply code is 5xx."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(f"{code} {text}")
        self.code = code
        self.text = text

    @property
    def permanent(self) -> bool:
        return 500 <= self.code < 600
