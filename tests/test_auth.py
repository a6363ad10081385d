"""mailgate.auth: real DKIM signatures made here, keys served by a DNS server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import ipaddress
from collections.abc import Iterator

import dkim
import dkim.crypto
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from mailgate.auth import (
    AuthPolicy,
    DnsTxtFunc,
    aligned,
    authenticate,
    make_dns_txt,
    organisational_domain,
)
from mailgate.dkimrsa import openssl_rsassa_verify
from mailgate.errors import TemporaryDNSError
from tests.dkimkeys import make_key, sign
from tests.dnsserver import DNSServer

MESSAGE = (
    b"From: Carla CSR <carla@bank.example>\r\n"
    b"To: mailgate@ops.bank.example\r\n"
    b"Subject: Unsubscribe lisa@example.com\r\n"
    b"Date: Mon, 03 Mar 2025 10:00:00 +0000\r\n"
    b"Message-ID: <cmd-1@bank.example>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"\r\n"
    b"Unsubscribe lisa@example.com\r\n"
)
RELAY = "192.0.2.10"
STRANGER = "203.0.113.9"
POLICY = AuthPolicy(
    trusted_authserv_ids=frozenset({"mx.bank.example"}),
    trusted_relays=(ipaddress.ip_network("192.0.2.0/24"),),
)
SIGNERS = ("bank.example", "mail.bank.example", "attacker.example", "evil.co.uk", "good.co.uk")


@pytest.fixture(scope="module")
def keys() -> dict[str, tuple[bytes, str]]:
    """One key per signing domain, published at sel1._domainkey.<domain>."""
    return {domain: make_key() for domain in SIGNERS}


@pytest.fixture
def key_server(keys: dict[str, tuple[bytes, str]]) -> Iterator[DNSServer]:
    with DNSServer() as server:
        for domain, (_, record) in keys.items():
            server.add_txt(f"sel1._domainkey.{domain}", record)
        yield server


@pytest.fixture
def dns_txt(key_server: DNSServer) -> DnsTxtFunc:
    return make_dns_txt([key_server.address], timeout=2.0)


def signed(
    keys: dict[str, tuple[bytes, str]],
    domain: str,
    raw: bytes = MESSAGE,
    selector: str = "sel1",
    include_headers: list[str] | None = None,
    length: bool = False,
) -> bytes:
    """`raw` signed by `domain`'s test key, signature prepended."""
    return sign(raw, selector, domain, keys[domain][0], include_headers=include_headers, length=length)


def with_header(raw: bytes, line: bytes) -> bytes:
    return line + b"\r\n" + raw


# -- DKIM --------------------------------------------------------------------------------------


def test_valid_aligned_signature_passes(keys: dict[str, tuple[bytes, str]], dns_txt: DnsTxtFunc) -> None:
    result = authenticate(signed(keys, "bank.example"), "bank.example", STRANGER, POLICY, dns_txt)
    assert (result.ok, result.method, result.domain) == (True, "dkim", "bank.example")
    assert result.evidence == "dkim d=bank.example s=sel1 pass aligned"


def test_signature_on_subdomain_of_from_org_domain_passes(
    keys: dict[str, tuple[bytes, str]], dns_txt: DnsTxtFunc
) -> None:
    result = authenticate(signed(keys, "mail.bank.example"), "bank.example", None, POLICY, dns_txt)
    assert (result.ok, result.domain) == (True, "mail.bank.example")


def test_spoofed_from_signed_by_attacker_fails_without_looking_up_the_key(
    keys: dict[str, tuple[bytes, str]], key_server: DNSServer, dns_txt: DnsTxtFunc
) -> None:
    result = authenticate(signed(keys, "attacker.example"), "bank.example", STRANGER, POLICY, dns_txt)
    assert not result.ok
    assert "dkim d=attacker.example s=sel1 not aligned with bank.example, not verified" in result.evidence
    assert key_server.queries == []


def test_tampered_body_fails(keys: dict[str, tuple[bytes, str]], dns_txt: DnsTxtFunc) -> None:
    tampered = signed(keys, "bank.example").replace(b"lisa@example.com\r\n", b"bob@example.com\r\n")
    result = authenticate(tampered, "bank.example", None, POLICY, dns_txt)
    assert not result.ok
    assert "body hash mismatch" in result.evidence


def test_tampered_subject_fails(keys: dict[str, tuple[bytes, str]], dns_txt: DnsTxtFunc) -> None:
    tampered = signed(keys, "bank.example").replace(b"Subject: Unsubscribe", b"Subject: Subscribe")
    result = authenticate(tampered, "bank.example", None, POLICY, dns_txt)
    assert not result.ok
    assert "dkim d=bank.example s=sel1 fail aligned" in result.evidence


def test_signature_by_sibling_under_public_suffix_fails(
    keys: dict[str, tuple[bytes, str]], dns_txt: DnsTxtFunc
) -> None:
    raw = MESSAGE.replace(b"carla@bank.example", b"carla@good.co.uk")
    result = authenticate(signed(keys, "evil.co.uk", raw), "good.co.uk", None, POLICY, dns_txt)
    assert not result.ok
    assert "not aligned with good.co.uk" in result.evidence


def test_signature_whose_h_omits_subject_fails(
    keys: dict[str, tuple[bytes, str]], dns_txt: DnsTxtFunc
) -> None:
    headers = ["from", "to", "date", "message-id"]
    result = authenticate(
        signed(keys, "bank.example", include_headers=headers), "bank.example", None, POLICY, dns_txt
    )
    assert not result.ok
    assert "h= lacks subject" in result.evidence


def test_signature_with_l_tag_fails(keys: dict[str, tuple[bytes, str]], dns_txt: DnsTxtFunc) -> None:
    result = authenticate(signed(keys, "bank.example", length=True), "bank.example", None, POLICY, dns_txt)
    assert not result.ok
    assert "has l=" in result.evidence


def test_second_subject_prepended_after_signing_fails_although_dkimpy_still_verifies(
    keys: dict[str, tuple[bytes, str]], dns_txt: DnsTxtFunc
) -> None:
    """dkimpy hashes the bottom-most Subject (RFC 6376 §5.4.2), so the signature still verifies; the
    Subject a reader sees first is unsigned, so authenticate refuses it (RFC 6376 §8.15)."""
    forged = with_header(signed(keys, "bank.example"), b"Subject: Unsubscribe everyone@example.com")
    assert dkim.DKIM(forged).verify(idx=0, dnsfunc=dns_txt) is True
    result = authenticate(forged, "bank.example", None, POLICY, dns_txt)
    assert not result.ok
    assert "2 subject headers but h= signs 1" in result.evidence


def test_oversigned_headers_pass_and_block_a_prepended_subject(
    keys: dict[str, tuple[bytes, str]], dns_txt: DnsTxtFunc
) -> None:
    headers = ["from", "from", "to", "to", "subject", "subject", "date", "date", "message-id", "message-id"]
    good = signed(keys, "bank.example", include_headers=headers)
    assert authenticate(good, "bank.example", None, POLICY, dns_txt).ok
    forged = with_header(good, b"Subject: Unsubscribe everyone@example.com")
    result = authenticate(forged, "bank.example", None, POLICY, dns_txt)
    assert not result.ok
    assert "dkim d=bank.example s=sel1 fail aligned" in result.evidence


def test_servfail_for_key_raises_temporary_dns_error(
    keys: dict[str, tuple[bytes, str]], key_server: DNSServer, dns_txt: DnsTxtFunc
) -> None:
    key_server.servfail("sel1._domainkey.bank.example")
    with pytest.raises(TemporaryDNSError) as caught:
        authenticate(signed(keys, "bank.example"), "bank.example", None, POLICY, dns_txt)
    assert caught.value.name == "sel1._domainkey.bank.example."


@pytest.mark.timeout(20)  # hang guard: the resolver's lifetime bounds the lookup
def test_dns_timeout_raises_temporary_dns_error(
    keys: dict[str, tuple[bytes, str]], key_server: DNSServer
) -> None:
    key_server.timeout("bank.example")
    dns_txt = make_dns_txt([key_server.address], timeout=0.5)
    with pytest.raises(TemporaryDNSError, match=r"no answer within 0\.5s"):
        authenticate(signed(keys, "bank.example"), "bank.example", None, POLICY, dns_txt)


def test_nxdomain_key_fails_without_exception(
    keys: dict[str, tuple[bytes, str]], dns_txt: DnsTxtFunc
) -> None:
    result = authenticate(
        signed(keys, "bank.example", selector="gone"), "bank.example", None, POLICY, dns_txt
    )
    assert not result.ok
    assert "dkim d=bank.example s=gone fail (no key) aligned" in result.evidence


def test_several_signatures_where_only_the_second_is_aligned_and_valid_pass(
    keys: dict[str, tuple[bytes, str]], dns_txt: DnsTxtFunc
) -> None:
    inner = signed(keys, "bank.example")
    outer = signed(keys, "attacker.example", inner)
    result = authenticate(outer, "bank.example", None, POLICY, dns_txt)
    assert (result.ok, result.domain) == (True, "bank.example")
    assert result.evidence == (
        "dkim d=attacker.example s=sel1 not aligned with bank.example, not verified; "
        "dkim d=bank.example s=sel1 pass aligned"
    )


def test_temporary_failure_on_one_signature_does_not_hide_another_that_passes(
    keys: dict[str, tuple[bytes, str]], key_server: DNSServer, dns_txt: DnsTxtFunc
) -> None:
    key_server.add_txt("broken._domainkey.bank.example", keys["bank.example"][1])
    key_server.servfail("broken._domainkey.bank.example")
    raw = signed(keys, "bank.example", signed(keys, "bank.example"), selector="broken")
    result = authenticate(raw, "bank.example", None, POLICY, dns_txt)
    assert result.ok
    assert result.evidence.startswith("dkim d=bank.example s=broken temperror")


def test_signatures_beyond_max_signatures_are_not_tried(
    keys: dict[str, tuple[bytes, str]], key_server: DNSServer, dns_txt: DnsTxtFunc
) -> None:
    raw = signed(keys, "bank.example")  # the valid one ends up third from the top
    for selector in ("gone1", "gone2"):
        raw = signed(keys, "bank.example", raw, selector=selector)
    policy = AuthPolicy(max_signatures=2)
    result = authenticate(raw, "bank.example", None, policy, dns_txt)
    assert not result.ok
    assert "s=gone1 fail (no key) aligned; 1 more DKIM-Signature not tried (max 2);" in result.evidence
    assert [name for name, _ in key_server.queries] == [
        "gone2._domainkey.bank.example.",
        "gone1._domainkey.bank.example.",
    ]
    assert authenticate(raw, "bank.example", None, AuthPolicy(max_signatures=3), dns_txt).ok


def test_message_without_signature_from_stranger_says_so(dns_txt: DnsTxtFunc) -> None:
    result = authenticate(MESSAGE, "bank.example", STRANGER, POLICY, dns_txt)
    assert result == type(result)(
        False, None, None, f"no DKIM-Signature; A-R ignored: peer {STRANGER} not a trusted relay"
    )


# -- Authentication-Results from a trusted relay -----------------------------------------------

AR_PASS = b"Authentication-Results: mx.bank.example; dkim=pass header.d=bank.example header.s=sel1"


def test_authentication_results_from_untrusted_peer_are_ignored(dns_txt: DnsTxtFunc) -> None:
    result = authenticate(with_header(MESSAGE, AR_PASS), "bank.example", STRANGER, POLICY, dns_txt)
    assert not result.ok
    assert "A-R ignored: peer 203.0.113.9 not a trusted relay" in result.evidence


def test_authentication_results_with_trusted_id_from_trusted_relay_pass(dns_txt: DnsTxtFunc) -> None:
    result = authenticate(with_header(MESSAGE, AR_PASS), "bank.example", RELAY, POLICY, dns_txt)
    assert (result.ok, result.method, result.domain) == (True, "upstream", "bank.example")
    assert result.evidence.endswith("A-R mx.bank.example: dkim=pass header.d=bank.example aligned")


def test_authentication_results_from_ipv4_mapped_relay_address_pass(dns_txt: DnsTxtFunc) -> None:
    result = authenticate(with_header(MESSAGE, AR_PASS), "bank.example", f"::ffff:{RELAY}", POLICY, dns_txt)
    assert result.ok


def test_authentication_results_dmarc_pass_for_from_domain_passes(dns_txt: DnsTxtFunc) -> None:
    header = (
        b"Authentication-Results: MX.Bank.Example 1; spf=pass; dmarc=pass (p=reject) header.from=BANK.example"
    )
    result = authenticate(with_header(MESSAGE, header), "bank.example", RELAY, POLICY, dns_txt)
    assert (result.ok, result.domain) == (True, "bank.example")
    assert "spf=pass not used, dmarc=pass header.from=BANK.example aligned" in result.evidence


def test_authentication_results_dmarc_pass_for_other_domain_fails(dns_txt: DnsTxtFunc) -> None:
    header = b"Authentication-Results: mx.bank.example; dmarc=pass header.from=mail.bank.example"
    assert not authenticate(with_header(MESSAGE, header), "bank.example", RELAY, POLICY, dns_txt).ok


def test_authentication_results_dkim_pass_by_header_i_aligned_passes(dns_txt: DnsTxtFunc) -> None:
    header = b"Authentication-Results: mx.bank.example;\r\n dkim=pass\r\n  header.i=@mail.bank.example"
    assert authenticate(with_header(MESSAGE, header), "bank.example", RELAY, POLICY, dns_txt).ok


def test_authentication_results_dkim_pass_for_unaligned_domain_fails(dns_txt: DnsTxtFunc) -> None:
    header = (
        b"Authentication-Results: mx.bank.example (relay); dkim=pass (ok; header.d=bank.example)"
        b' reason="header.d=bank.example" header.d=esp.example'
    )
    result = authenticate(with_header(MESSAGE, header), "bank.example", RELAY, POLICY, dns_txt)
    assert not result.ok
    assert "dkim=pass header.d=esp.example not-aligned" in result.evidence


def test_only_topmost_trusted_authentication_results_counts_so_forged_pass_below_is_ignored(
    dns_txt: DnsTxtFunc,
) -> None:
    """RFC 8601 §5: the relay adds its own header on top; one below with its id came from outside."""
    raw = with_header(with_header(MESSAGE, AR_PASS), b"Authentication-Results: mx.bank.example; dkim=none")
    raw = with_header(raw, b"Authentication-Results: other.example; dkim=pass header.d=bank.example")
    result = authenticate(raw, "bank.example", RELAY, POLICY, dns_txt)
    assert not result.ok
    assert result.evidence.endswith("A-R mx.bank.example: dkim=none not used")


def test_authentication_results_with_untrusted_id_from_trusted_relay_are_ignored(dns_txt: DnsTxtFunc) -> None:
    header = b"Authentication-Results: mx.attacker.example; dkim=pass header.d=bank.example"
    result = authenticate(with_header(MESSAGE, header), "bank.example", RELAY, POLICY, dns_txt)
    assert not result.ok
    assert result.evidence.endswith("A-R: none with a trusted authserv-id")


def test_trusted_authentication_results_rescue_a_temporary_dns_failure(
    keys: dict[str, tuple[bytes, str]], key_server: DNSServer, dns_txt: DnsTxtFunc
) -> None:
    key_server.servfail("bank.example")
    raw = with_header(signed(keys, "bank.example"), AR_PASS)
    assert authenticate(raw, "bank.example", RELAY, POLICY, dns_txt).method == "upstream"


# -- domains -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("mail.bank.example", "bank.example"),
        ("a.b.co.uk", "b.co.uk"),
        ("Mail.BANK.example.", "bank.example"),
        ("evil.github.io", "evil.github.io"),
        ("co.uk", "co.uk"),
        ("sub.bücher.example", "xn--bcher-kva.example"),
    ],
)
def test_organisational_domain(domain: str, expected: str) -> None:
    assert organisational_domain(domain) == expected


@pytest.mark.parametrize(
    ("signing", "from_domain", "expected"),
    [
        ("bank.example", "bank.example", True),
        ("mail.bank.example", "bank.example", True),
        ("bank.example", "ops.bank.example", True),
        ("a.co.uk", "b.co.uk", False),
        ("evil.github.io", "good.github.io", False),
        ("co.uk", "bank.co.uk", False),
        ("xn--bcher-kva.example", "BÜCHER.example", True),
        ("", "", False),
    ],
)
def test_aligned(signing: str, from_domain: str, expected: bool) -> None:
    assert aligned(signing, from_domain) is expected


# -- make_dns_txt ------------------------------------------------------------------------------


def test_dns_txt_joins_long_records_fetched_over_tcp_after_truncation(key_server: DNSServer) -> None:
    key_server.add_txt("long.example", "x" * 3000)
    assert make_dns_txt([key_server.address])(b"long.example.", timeout=5) == b"x" * 3000


def test_dns_txt_returns_none_for_nodata_and_nxdomain(key_server: DNSServer, dns_txt: DnsTxtFunc) -> None:
    key_server.add("a.example", "A", "192.0.2.1")
    assert dns_txt(b"a.example.") is None
    assert dns_txt(b"missing.example.") is None
    assert dns_txt(b"bad..name.") is None


def test_dns_txt_accepts_bracketed_ipv6_with_port_and_rejects_names() -> None:
    make_dns_txt(["[::1]:5353", "192.0.2.1:53", "::1"])
    with pytest.raises(ValueError):
        make_dns_txt(["resolver.example"])


def test_key_records_are_cached_for_their_ttl() -> None:
    with DNSServer(ttl=300) as server:
        server.add_txt("sel1._domainkey.cache.example", "v=DKIM1; k=rsa; p=AAAA")
        dns_txt = make_dns_txt([server.address], timeout=2.0)
        first = dns_txt(b"sel1._domainkey.cache.example.")
        asked = len(server.queries)
        assert dns_txt(b"sel1._domainkey.cache.example.") == first
        assert len(server.queries) == asked
    with DNSServer(ttl=0) as server:
        server.add_txt("sel1._domainkey.cache.example", "v=DKIM1; k=rsa; p=AAAA")
        dns_txt = make_dns_txt([server.address], timeout=2.0)
        dns_txt(b"sel1._domainkey.cache.example.")
        dns_txt(b"sel1._domainkey.cache.example.")
        assert len(server.queries) == 2, "a zero TTL is not cached"


def _rsa_step_verdicts(digest_data: bytes, signature: bytes, public: dict[str, int]) -> tuple[bool, bool]:
    pure = dkim.crypto.RSASSA_PKCS1_v1_5_verify(hashlib.sha256(digest_data), signature, public)
    return bool(pure), openssl_rsassa_verify(hashlib.sha256(digest_data), signature, public)


def test_openssl_rsa_verify_gives_dkimpys_verdicts() -> None:
    # The verify step runs in OpenSSL (mailgate/dkimrsa.py); its verdict must be dkimpy's own on a
    # good signature, a wrong digest, a damaged signature, and the signature written with its leading
    # zero octet left out or with an extra one (dkimpy reads the signature as an integer).
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = key.public_key().public_numbers()
    public = {"modulus": numbers.n, "publicExponent": numbers.e}

    def signature_of(data: bytes) -> bytes:
        return key.sign(hashlib.sha256(data).digest(), padding.PKCS1v15(), Prehashed(hashes.SHA256()))

    good = signature_of(b"headers")
    damaged = bytes([good[0] ^ 1]) + good[1:]
    assert _rsa_step_verdicts(b"headers", good, public) == (True, True)
    assert _rsa_step_verdicts(b"other headers", good, public) == (False, False)
    assert _rsa_step_verdicts(b"headers", damaged, public) == (False, False)
    assert _rsa_step_verdicts(b"headers", b"\0" + good, public) == (True, True)
    assert _rsa_step_verdicts(b"headers", b"\x01" + good, public) == (False, False)
    assert _rsa_step_verdicts(b"headers", b"", public) == (False, False)
    # One signature in 256 starts with a zero octet; find one and drop that octet.
    data, signature = next((d, s) for i in range(20_000) if (s := signature_of(d := b"%d" % i))[0] == 0)
    assert _rsa_step_verdicts(data, signature[1:], public) == (True, True)
