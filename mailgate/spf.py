"""SPF (RFC 7208) for customer mail: an opt-out mailed to a plain address counts as authenticated when
the SMTP peer passes the SPF record of the MAIL FROM domain and that domain is aligned with the From
domain (RFC 7489 3.1.2, relaxed).

pyspf evaluates the record (every mechanism and macro, the 10-lookup and void-lookup limits), which is
more of RFC 7208 than mailgate should carry by hand. Its DNS goes through mailgate's own resolver
([dns] nameservers, timeouts, TTL cache): pyspf looks up `spf.DNSLookup` at call time, and the lookup
installed here takes the resolver of the check that is running from a context variable, so checks in
several threads with different resolvers do not mix. Synchronous: call it off the event loop."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

import dns.exception
import dns.name
import dns.rdatatype
import dns.resolver
import spf

from mailgate.errors import TemporaryDNSError

#: (peer IP, MAIL FROM address, HELO name) -> (result, explanation); result is one of pass, fail,
#: softfail, neutral, none, permerror. A temporary DNS failure raises TemporaryDNSError (451).
SpfCheck = Callable[[str, str, str], tuple[str, str]]

_resolver: ContextVar[dns.resolver.Resolver | None] = ContextVar("mailgate_spf_resolver", default=None)
_TYPES = ("A", "AAAA", "MX", "PTR", "TXT", "SPF", "CNAME")


def _lookup(name: str, qtype: str, strict: object = True, timeout: float = 20) -> list[tuple[Any, Any]]:
    """pyspf's DNSLookup shape: [((name, type), value), ...], [] for NXDOMAIN or no data."""
    resolver = _resolver.get()
    if resolver is None or qtype not in _TYPES:
        raise spf.TempError(f"DNS: no resolver for {qtype} {name}")
    try:
        answer = resolver.resolve(
            dns.name.from_text(name), qtype, search=False, lifetime=min(timeout, resolver.lifetime)
        )
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer, dns.resolver.YXDOMAIN):
        return []
    except (dns.exception.DNSException, OSError) as exc:
        raise spf.TempError(f"DNS {type(exc).__name__} for {qtype} {name}") from exc
    found: list[tuple[Any, Any]] = []
    for rdata in answer:
        if qtype in ("A", "AAAA"):
            value: Any = rdata.address
        elif qtype == "MX":
            value = (rdata.preference, rdata.exchange)
        elif qtype in ("PTR", "CNAME"):
            value = rdata.target.to_text(True)
        else:
            value = rdata.strings
        found.append(((name, qtype), value))
    return found


spf.DNSLookup = _lookup


def make_spf_check(resolver: dns.resolver.Resolver) -> SpfCheck:
    def check(ip: str, mail_from: str, helo: str) -> tuple[str, str]:
        token = _resolver.set(resolver)
        try:
            result, explanation = spf.check2(
                i=ip, s=mail_from, h=helo or mail_from.rpartition("@")[2], querytime=resolver.lifetime
            )
        finally:
            _resolver.reset(token)
        if result == "temperror":
            raise TemporaryDNSError(mail_from.rpartition("@")[2], f"SPF: {explanation}")
        return str(result), str(explanation)

    return check
