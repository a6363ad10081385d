"""Who really sent a message: is it authenticated for the domain in its From header?

A command mail counts only when one of two things holds (RFC 7489 §3.1 identifier alignment, relaxed):
a DKIM signature (RFC 6376) verifies, its d= has the From domain's organisational domain, it signs
From, To, Subject, Date and Message-ID (every instance of them), and it has no l= body-length tag; or
the SMTP peer is a trusted relay and the topmost Authentication-Results header (RFC 8601) carrying a
trusted authserv-id reports an aligned dkim=pass or a dmarc=pass for the From domain. Everything
else, including any A-R header from anyone else, is ignored.

DNS comes in as a function of dkimpy's `dnsfunc` shape; `make_dns_txt` builds one on dnspython. A
temporary DNS failure raises `TemporaryDNSError` (the sender should retry, 451) instead of counting as
a failed signature. Verification is CPU-bound and synchronous: call it off the event loop.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import dkim
import dkim.util
import dns.exception
import dns.name
import dns.nameserver
import dns.rdatatype
import dns.rdtypes.txtbase
import dns.resolver
from publicsuffixlist import PublicSuffixList

from mailgate import dkimrsa
from mailgate.errors import TemporaryDNSError

# dkimpy verifies with OpenSSL's RSA step from here on (mailgate/dkimrsa.py).
dkimrsa.install()

#: dkimpy's dnsfunc: (name: bytes, timeout=...) -> TXT strings joined, or None when there is no
#: record (NXDOMAIN, NODATA); raises TemporaryDNSError on SERVFAIL, timeout or no usable answer.
DnsTxtFunc = Callable[..., bytes | None]
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: What dkimpy raises for a malformed signature, key or message; all mean "this signature fails".
#: ValueError covers binascii.Error from bad base64. TemporaryDNSError is none of these, so it
#: passes through dkimpy (DomainSigner.verify_sig only catches KeyFormatError, binascii.Error and
#: DnsTimeoutError around the key lookup) and reaches `authenticate`.
_DKIM_FAILURES = (dkim.DKIMException, ValueError, TypeError, KeyError, IndexError)


@dataclass(frozen=True)
class AuthPolicy:
    """What this installation trusts; validated by the config loader, passed down unchanged."""

    trusted_authserv_ids: frozenset[str] = frozenset()
    trusted_relays: tuple[IPNetwork, ...] = ()
    max_signatures: int = 5
    required_signed_headers: tuple[str, ...] = ("from", "to", "subject", "date", "message-id")


@dataclass(frozen=True)
class AuthResult:
    """The verdict, and one audit-log line saying what was considered and why."""

    ok: bool
    method: str | None  # "dkim" or "upstream"
    domain: str | None  # the d= (or A-R domain) that passed
    evidence: str


# -- DNS -----------------------------------------------------------------------------------------


def make_resolver(nameservers: Sequence[str] = (), timeout: float = 5.0) -> dns.resolver.Resolver:
    """A dnspython resolver on `nameservers` (IP addresses as "host", "host:port" or "[v6]:port";
    empty means the system resolver), no lookup longer than `timeout` overall, answers cached for
    their TTL."""
    resolver = dns.resolver.Resolver(configure=not nameservers)
    if nameservers:
        resolver.nameservers = [_nameserver(entry) for entry in nameservers]
    resolver.use_edns(0, 0, 1232)  # RFC 6891; 1232 avoids IP fragmentation, larger keys go via TCP
    resolver.lifetime = timeout
    # Key records are cached for their DNS TTL (dnspython's thread-safe LRU cache): a busy CSR domain
    # costs one lookup per TTL, not one per message. SERVFAIL and timeouts are never cached.
    resolver.cache = dns.resolver.LRUCache(max_size=10_000)
    # Two tries per server inside the lifetime, so one lost UDP datagram is not a 451.
    resolver.timeout = timeout / max(2, len(resolver.nameservers))
    return resolver


def make_dns_txt(nameservers: Sequence[str] = (), timeout: float = 5.0) -> DnsTxtFunc:
    """A dkimpy `dnsfunc` on dnspython (see `make_resolver`)."""
    return dns_txt_on(make_resolver(nameservers, timeout))


def dns_txt_on(resolver: dns.resolver.Resolver) -> DnsTxtFunc:
    def dns_txt(name: bytes | str, timeout: float = resolver.lifetime) -> bytes | None:
        return _lookup_txt(resolver, name, min(timeout, resolver.lifetime))

    return dns_txt


def _nameserver(entry: str) -> dns.nameserver.Do53Nameserver:
    """Parse "192.0.2.1", "192.0.2.1:5353", "::1" or "[::1]:5353"; ValueError names the bad entry."""
    host, port = entry.strip(), 53
    if host.startswith("["):
        host, _, rest = host[1:].partition("]")
        port = int(rest[1:]) if rest.startswith(":") else 53
    elif host.count(":") == 1:
        host, _, port_text = host.partition(":")
        port = int(port_text)
    ipaddress.ip_address(host)  # dnspython wants addresses, not names
    if not 0 < port < 65536:
        raise ValueError(f"bad nameserver port in {entry!r}")
    return dns.nameserver.Do53Nameserver(host, port)


def _lookup_txt(resolver: dns.resolver.Resolver, name: bytes | str, lifetime: float) -> bytes | None:
    text = name.decode("ascii", "replace") if isinstance(name, bytes) else name
    try:
        qname = dns.name.from_text(text)
    except dns.exception.DNSException:
        return None  # not a valid DNS name (e.g. from a hostile d=), so no key can exist
    try:
        answer = resolver.resolve(qname, dns.rdatatype.TXT, search=False, lifetime=lifetime)
    except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer, dns.resolver.YXDOMAIN):
        return None  # RFC 6376 §6.1.2: the key record does not exist -> PERMFAIL, not TEMPFAIL
    except dns.exception.Timeout as exc:
        raise TemporaryDNSError(text, f"no answer within {lifetime:g}s") from exc
    except (dns.exception.DNSException, OSError) as exc:  # SERVFAIL, REFUSED: dns.resolver.NoNameservers
        raise TemporaryDNSError(text, str(exc)) from exc
    for rdata in answer:
        if isinstance(rdata, dns.rdtypes.txtbase.TXTBase):
            # RFC 6376 §3.6.2.2: the strings of one TXT record are concatenated without separator.
            return b"".join(rdata.strings)
    return None


# -- alignment -----------------------------------------------------------------------------------


@cache
def _public_suffixes() -> PublicSuffixList:
    """The bundled Public Suffix List, ICANN and private sections (github.io is a suffix too)."""
    return PublicSuffixList()


# Alignment runs for every customer message; IDNA encoding and the suffix lookup are pure, so a busy
# domain is worked out once.
@lru_cache(maxsize=4096)
def _normalise(domain: str) -> str:
    name = domain.strip().rstrip(".").lower()
    try:
        return name.encode("idna").decode("ascii")  # compare A-labels: d= is always ASCII
    except UnicodeError:
        return name


@lru_cache(maxsize=4096)
def organisational_domain(domain: str) -> str:
    """RFC 7489 §3.2: the public suffix plus one label; a bare public suffix is its own."""
    name = _normalise(domain)
    private = _public_suffixes().privatesuffix(name)
    return str(private) if private else name


def aligned(signing_domain: str, from_domain: str) -> bool:
    """RFC 7489 §3.1.1 relaxed alignment: both domains have the same organisational domain."""
    if not _normalise(signing_domain) or not _normalise(from_domain):
        return False
    return organisational_domain(signing_domain) == organisational_domain(from_domain)


# -- DKIM ----------------------------------------------------------------------------------------

Headers = list[tuple[bytes, bytes]]


@dataclass(frozen=True)
class _Candidate:
    """What every signature of one message is checked against."""

    verifier: dkim.DKIM
    headers: Headers
    from_domain: str
    policy: AuthPolicy
    dns_txt: DnsTxtFunc


@dataclass(frozen=True)
class _Verdict:
    note: str
    domain: str | None = None
    temporary: TemporaryDNSError | None = None


def _check_dkim(
    raw: bytes, headers: Headers, from_domain: str, policy: AuthPolicy, dns_txt: DnsTxtFunc
) -> list[_Verdict]:
    """Judge the topmost `max_signatures` signatures in order, stopping at the first that passes."""
    signatures = [value for name, value in headers if name.lower() == b"dkim-signature"]
    if not signatures:
        return [_Verdict("no DKIM-Signature")]
    context = _Candidate(dkim.DKIM(raw), headers, from_domain, policy, dns_txt)
    verdicts: list[_Verdict] = []
    for idx, value in enumerate(signatures[: policy.max_signatures]):
        verdicts.append(_judge_signature(context, idx, value))
        if verdicts[-1].domain is not None:
            break
    if len(signatures) > len(verdicts):
        left = len(signatures) - len(verdicts)
        verdicts.append(_Verdict(f"{left} more DKIM-Signature not tried (max {policy.max_signatures})"))
    return verdicts


def _judge_signature(context: _Candidate, idx: int, value: bytes) -> _Verdict:
    """Check one signature: the cheap policy checks first, then dkimpy, only if it could count."""
    try:
        tags = dkim.util.parse_tag_value(value)
    except dkim.util.InvalidTagValueList as exc:
        return _Verdict(f"dkim #{idx + 1} malformed ({exc})")
    domain, selector = _tag_text(tags, b"d"), _tag_text(tags, b"s")
    label = f"dkim d={domain or '?'} s={selector or '?'}"
    problem = _policy_problem(tags, domain, context)
    if problem:
        return _Verdict(f"{label} {problem}, not verified")
    try:
        outcome = _verify(context, idx)
    except TemporaryDNSError as exc:
        return _Verdict(f"{label} temperror ({exc.why}) aligned", temporary=exc)
    except _DKIM_FAILURES as exc:
        return _Verdict(f"{label} fail ({exc}) aligned")
    return _Verdict(f"{label} {outcome} aligned", domain if outcome == "pass" else None)


def _verify(context: _Candidate, idx: int) -> str:
    """dkimpy's verdict on signature `idx`: "pass", "fail (no key)" (RFC 6376 §6.1.2) or "fail"."""
    keys: list[bytes | None] = []

    def recording_dns_txt(name: bytes, timeout: float = 5) -> bytes | None:
        keys.append(context.dns_txt(name, timeout=timeout))
        return keys[-1]

    if context.verifier.verify(idx=idx, dnsfunc=recording_dns_txt):
        return "pass"
    return "fail (no key)" if keys and keys[-1] is None else "fail"


def _tag_text(tags: dict[bytes, bytes], tag: bytes) -> str:
    return re.sub(rb"\s+", b"", tags.get(tag, b"")).decode("ascii", "replace").lower()


def _policy_problem(tags: dict[bytes, bytes], domain: str, context: _Candidate) -> str | None:
    """Why this signature cannot authorise a command even if it verifies, or None."""
    if not aligned(domain, context.from_domain):
        return f"not aligned with {_normalise(context.from_domain)}"
    if b"l" in tags:
        return "has l= (RFC 6376 §8.2: unsigned body content may follow)"
    signed = [h.lower() for h in re.split(rb"\s*:\s*", tags.get(b"h", b"").strip())]
    for name in context.policy.required_signed_headers:
        wanted, present = signed.count(name.encode()), _count(context.headers, name.encode())
        if wanted == 0:
            return f"h= lacks {name}"
        if present > wanted:
            # RFC 6376 §8.15: an extra, unsigned instance could be the one a reader sees.
            return f"{present} {name} headers but h= signs {wanted}"
    return None


def _count(headers: Headers, name: bytes) -> int:
    return sum(1 for header, _ in headers if header.lower() == name)


# -- Authentication-Results from a trusted relay -------------------------------------------------

_PART = re.compile(r'(?:"(?:[^"\\]|\\.)*"|[^;"])+')
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|=|[^\s"=]+')


def _check_upstream(
    headers: Headers, from_domain: str, peer_ip: str | None, policy: AuthPolicy
) -> tuple[str | None, str]:
    """(domain that passed or None, evidence) from the topmost A-R with a trusted authserv-id."""
    if not _trusted_peer(peer_ip, policy.trusted_relays):
        return None, f"A-R ignored: peer {peer_ip or 'unknown'} not a trusted relay"
    trusted = {authserv_id.lower() for authserv_id in policy.trusted_authserv_ids}
    for name, value in headers:
        if name.lower() != b"authentication-results":
            continue
        authserv_id, results = _parse_authres(value.decode("utf-8", "replace"))
        if authserv_id in trusted:
            return _judge_authres(authserv_id, results, from_domain)
    return None, "A-R: none with a trusted authserv-id"


def _trusted_peer(peer_ip: str | None, relays: tuple[IPNetwork, ...]) -> bool:
    if not peer_ip:
        return False
    try:
        ip = ipaddress.ip_address(peer_ip.partition("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip in network for network in relays)


def _parse_authres(value: str) -> tuple[str, list[list[tuple[str, str]]]]:
    """RFC 8601 §2.2: authserv-id [version] ; resinfo ; ... -> (lower id, [[(key, value), ...]])."""
    parts = _PART.findall(_strip_comments(value.replace("\r", "").replace("\n", "")))
    head = parts[0].split() if parts else []
    authserv_id = _unquote(head[0]).lower() if head else ""
    return authserv_id, [_pairs(part) for part in parts[1:]]


def _strip_comments(text: str) -> str:
    """Drop RFC 5322 §3.2.2 comments (nested parentheses), leaving quoted strings alone."""
    out: list[str] = []
    depth, quoted, escaped = 0, False, False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char in "()" and not quoted:
            depth = depth + 1 if char == "(" else max(0, depth - 1)
            out.append(" ")
            continue
        if depth == 0:
            out.append(char)
    return "".join(out)


def _pairs(part: str) -> list[tuple[str, str]]:
    """key=value pairs of one resinfo in order; the first is the method and its result."""
    tokens = _TOKEN.findall(part)
    return [
        (tokens[i - 1].lower(), _unquote(tokens[i + 1]))
        for i in range(1, len(tokens) - 1)
        if tokens[i] == "=" and "=" not in (tokens[i - 1], tokens[i + 1])
    ]


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return re.sub(r"\\(.)", r"\1", text[1:-1])
    return text


def _judge_authres(
    authserv_id: str, results: list[list[tuple[str, str]]], from_domain: str
) -> tuple[str | None, str]:
    notes, passed = [], None
    for pairs in results:
        if not pairs:
            continue
        domain, note = _judge_resinfo(pairs, from_domain)
        notes.append(note)
        passed = passed or domain
    return passed, f"A-R {authserv_id}: " + (", ".join(notes) or "no results")


def _judge_resinfo(pairs: list[tuple[str, str]], from_domain: str) -> tuple[str | None, str]:
    (method, result), props = pairs[0], dict(pairs[1:])
    method, result = method.partition("/")[0], result.lower()
    if method == "dkim" and result == "pass":
        domain = props.get("header.d") or props.get("header.i", "").rpartition("@")[2]
        ok = aligned(domain, from_domain)
        note = f"dkim=pass header.d={domain} {_aligned_word(ok)}"
        return (_normalise(domain) if ok else None), note
    if method == "dmarc" and result == "pass":
        header_from = props.get("header.from", "")
        ok = bool(header_from) and _normalise(header_from) == _normalise(from_domain)
        note = f"dmarc=pass header.from={header_from} {_aligned_word(ok)}"
        return (_normalise(from_domain) if ok else None), note
    return None, f"{method}={result} not used"


def _aligned_word(ok: bool) -> str:
    return "aligned" if ok else "not-aligned"


# -- the verdict ---------------------------------------------------------------------------------


def authenticate(
    raw: bytes, from_domain: str, peer_ip: str | None, policy: AuthPolicy, dns_txt: DnsTxtFunc
) -> AuthResult:
    """Decide whether `raw` (bytes as received) is authenticated for `from_domain`.

    Raises TemporaryDNSError when nothing passed and a DNS failure kept an eligible signature from
    being checked (RFC 6376 §6.1.2 TEMPFAIL): the SMTP layer should answer 451.
    """
    try:
        headers = [(bytes(name), bytes(value)) for name, value in dkim.rfc822_parse(raw)[0]]
    except dkim.MessageFormatError as exc:
        return AuthResult(False, None, None, f"header unparsable: {exc}")
    verdicts = _check_dkim(raw, headers, from_domain, policy, dns_txt)
    dkim_evidence = "; ".join(verdict.note for verdict in verdicts)
    passed = next((verdict.domain for verdict in verdicts if verdict.domain is not None), None)
    if passed is not None:
        return AuthResult(True, "dkim", passed, dkim_evidence)
    upstream_domain, upstream_evidence = _check_upstream(headers, from_domain, peer_ip, policy)
    evidence = f"{dkim_evidence}; {upstream_evidence}"
    if upstream_domain is not None:
        return AuthResult(True, "upstream", upstream_domain, evidence)
    temporary = next((verdict.temporary for verdict in verdicts if verdict.temporary is not None), None)
    if temporary is not None:
        raise temporary
    return AuthResult(False, None, None, evidence)
