"""Mail addresses as mailgate compares them: one canonical, lower-case string per mailbox. A CSR types
`<Lisa@Bücher.Example>` and the database holds `lisa@xn--bcher-kva.example`; both must be the same key.
Only the plain `local@domain` form is accepted (RFC 5322 3.4.1 dot-atom local part, RFC 6532 UTF-8
allowed); quoted local parts, domain literals and dotless domains are refused with a reason."""

from __future__ import annotations

import encodings.idna
import re
import unicodedata

from mailgate.errors import AddressError

# RFC 5321 4.5.3.1.1: local part at most 64 octets; 4.5.3.1.3: a path of 256 octets including the
# angle brackets leaves 254 for the address; RFC 1035 2.3.4: 63 per label, 253 for a written name.
MAX_LOCAL_OCTETS = 64
MAX_ADDRESS_OCTETS = 254
MAX_DOMAIN_OCTETS = 253
MAX_LABEL_OCTETS = 63

# RFC 5322 3.2.3 specials that may only appear in a quoted local part, which mailgate refuses.
_LOCAL_SPECIALS = frozenset(',;:"()[]\\<>@')
# RFC 3490 3.1: these four dots all separate labels of an internationalised name.
_LABEL_DOTS = re.compile("[.\u3002\uff0e\uff61]")
_LDH = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
# UTS 46 "deviation" characters: IDNA 2003 (the stdlib codec) maps them away (ß -> ss) while IDNA 2008
# encodes them, so `straße.de` would silently become the different domain `strasse.de`. Refuse instead.
_IDNA_DEVIATIONS = frozenset("ßς\u200c\u200d")


def normalise_address(text: str) -> str:
    """Return `text` as a canonical address (`local@ascii-domain`, lower case) or raise AddressError."""
    candidate = _unwrap(text)
    if candidate.count("@") != 1:
        raise AddressError(text, "an address needs exactly one @")
    local, _, domain = candidate.rpartition("@")
    address = f"{_normalise_local(text, local)}@{_normalise_domain(text, domain)}"
    if len(address.encode("utf-8")) > MAX_ADDRESS_OCTETS:
        raise AddressError(text, f"longer than {MAX_ADDRESS_OCTETS} octets")
    return address


def domain_of(address: str) -> str:
    """The domain of an address already passed through normalise_address."""
    local, at, domain = address.rpartition("@")
    if not (local and at and domain):
        raise AddressError(address, "not of the form local@domain")
    return domain


def _unwrap(text: str) -> str:
    """Strip surrounding whitespace and one pair of angle brackets (RFC 5322 3.4 angle-addr)."""
    candidate = text.strip()
    if len(candidate) >= 2 and candidate[0] == "<" and candidate[-1] == ">":
        candidate = candidate[1:-1].strip()
    if not candidate:
        raise AddressError(text, "empty")
    return candidate


def _normalise_local(text: str, local: str) -> str:
    """Check a dot-atom local part (RFC 5322 3.2.3, RFC 6532 3.2) and lower-case it."""
    if not local:
        raise AddressError(text, "empty local part")
    for char in local:
        if char in _LOCAL_SPECIALS or _is_control_or_space(char):
            raise AddressError(text, f"character {char!r} not allowed in the local part")
    if local.startswith(".") or local.endswith(".") or ".." in local:
        raise AddressError(text, "misplaced dot in the local part")
    lowered = local.lower()
    if len(lowered.encode("utf-8")) > MAX_LOCAL_OCTETS:
        raise AddressError(text, f"local part longer than {MAX_LOCAL_OCTETS} octets")
    return lowered


def _is_control_or_space(char: str) -> bool:
    # Unicode categories C* (controls, format, surrogates, private, unassigned) and Z* (separators).
    return char.isspace() or unicodedata.category(char)[0] in "CZ"


def _normalise_domain(text: str, domain: str) -> str:
    """Convert a domain to lower-case IDNA ASCII (RFC 5890) and check its labels (RFC 1123 2.1)."""
    if not domain:
        raise AddressError(text, "empty domain")
    labels = [_ascii_label(text, label) for label in _LABEL_DOTS.split(domain)]
    if len(labels) < 2:
        raise AddressError(text, "the domain needs at least one dot")
    if labels[-1].isdigit():
        # RFC 3696 2: a top-level domain is never all-numeric; this also refuses bare IPv4 addresses.
        raise AddressError(text, "all-numeric top-level domain")
    ascii_domain = ".".join(labels)
    if len(ascii_domain) > MAX_DOMAIN_OCTETS:
        raise AddressError(text, f"domain longer than {MAX_DOMAIN_OCTETS} octets")
    return ascii_domain


def _ascii_label(text: str, label: str) -> str:
    """One domain label as lower-case letters, digits and hyphens (Punycode for non-ASCII labels)."""
    if not label:
        raise AddressError(text, "empty label in the domain")
    ascii_label = label.lower() if label.isascii() else _idna_label(text, label)
    if len(ascii_label) > MAX_LABEL_OCTETS:
        raise AddressError(text, f"domain label longer than {MAX_LABEL_OCTETS} octets")
    if not set(ascii_label) <= _LDH or ascii_label.startswith("-") or ascii_label.endswith("-"):
        raise AddressError(text, f"domain label {ascii_label!r} is not letters, digits and inner hyphens")
    if ascii_label.startswith("xn--"):
        _check_punycode(text, ascii_label)
    return ascii_label


def _idna_label(text: str, label: str) -> str:
    if not _IDNA_DEVIATIONS.isdisjoint(label):
        raise AddressError(text, "domain uses a character IDNA 2003 and 2008 encode differently")
    try:
        return encodings.idna.ToASCII(label).decode("ascii").lower()
    except UnicodeError as error:
        raise AddressError(text, f"domain label {label!r} is not a valid IDNA label") from error


def _check_punycode(text: str, ascii_label: str) -> None:
    """An `xn--` label must be what IDNA would make of its Punycode decoding (RFC 3492, RFC 5891 5.4)."""
    try:
        decoded = ascii_label[4:].encode("ascii").decode("punycode")
        valid = bool(decoded) and encodings.idna.ToASCII(decoded).decode("ascii") == ascii_label
    except UnicodeError:
        valid = False
    if not valid:
        raise AddressError(text, f"domain label {ascii_label!r} is not valid Punycode")
