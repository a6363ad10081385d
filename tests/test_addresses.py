"""Tests of mailgate.addresses: canonical addresses and the reasons others are refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailgate.addresses import domain_of, normalise_address
from mailgate.errors import AddressError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lisa@example.com", "lisa@example.com"),
        ("  Lisa@Example.COM  ", "lisa@example.com"),
        ("<lisa@example.com>", "lisa@example.com"),
        (" < Lisa.Marie+news@Mail.Example.com > ", "lisa.marie+news@mail.example.com"),
        ("o'brien@bank.example", "o'brien@bank.example"),
        ("lisa@bücher.example", "lisa@xn--bcher-kva.example"),
        ("lisa@BÜCHER.example", "lisa@xn--bcher-kva.example"),
        ("lisa@xn--bcher-kva.example", "lisa@xn--bcher-kva.example"),
        ("lisa@bücher。example", "lisa@xn--bcher-kva.example"),
        ("jürgen@example.com", "jürgen@example.com"),
        ("a@b-c.example.co.uk", "a@b-c.example.co.uk"),
    ],
)
def test_valid_addresses_are_normalised_to_lower_case_ascii_domains(text: str, expected: str) -> None:
    assert normalise_address(text) == expected


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("<>", "empty"),
        ("lisa.example.com", "exactly one @"),
        ("lisa@bob@example.com", "exactly one @"),
        ('"lisa@home"@example.com', "exactly one @"),
        ('"lisa"@example.com', "not allowed in the local part"),
        ("@example.com", "empty local part"),
        ("lisa@", "empty domain"),
        ("lisa@localhost", "at least one dot"),
        ("lisa@example..com", "empty label"),
        ("lisa@example.com.", "empty label"),
        ("lisa@.example.com", "empty label"),
        ("li sa@example.com", "not allowed in the local part"),
        ("lisa\t@example.com", "not allowed in the local part"),
        ("li\x00sa@example.com", "not allowed in the local part"),
        ("li,sa@example.com", "not allowed in the local part"),
        ("li;sa@example.com", "not allowed in the local part"),
        ("li(sa)@example.com", "not allowed in the local part"),
        ("li[sa]@example.com", "not allowed in the local part"),
        ("li\\sa@example.com", "not allowed in the local part"),
        ("li\u200bsa@example.com", "not allowed in the local part"),
        (".lisa@example.com", "misplaced dot"),
        ("lisa.@example.com", "misplaced dot"),
        ("li..sa@example.com", "misplaced dot"),
        ("x" * 65 + "@example.com", "longer than 64 octets"),
        ("ü" * 33 + "@example.com", "longer than 64 octets"),
        ("lisa@" + "a" * 64 + ".com", "label longer than 63"),
        ("lisa@" + ".".join(["a" * 60] * 5) + ".com", "domain longer than 253"),
        ("lisa@exa_mple.com", "not letters, digits"),
        ("lisa@-example.com", "not letters, digits"),
        ("lisa@example-.com", "not letters, digits"),
        ("lisa@[192.0.2.1]", "not letters, digits"),
        ("lisa@192.0.2.1", "all-numeric"),
        ("lisa@straße.de", "IDNA 2003 and 2008"),
        ("lisa@xn--zz-.example", "not letters, digits"),
        ("lisa@xn--a.example", "not valid Punycode"),
        ("lisa@xn--strae-oqa.de", "not valid Punycode"),
        ("lisa@xn--abc-.example", "not letters, digits"),
        ("lisa@ex ample.com", "not letters, digits"),
    ],
)
def test_unusable_addresses_raise_address_error_with_a_reason(text: str, why: str) -> None:
    with pytest.raises(AddressError) as raised:
        normalise_address(text)
    assert why in raised.value.why
    assert raised.value.address == text


def test_address_error_is_a_value_error_that_renders_the_address() -> None:
    with pytest.raises(ValueError, match="lisa@localhost"):
        normalise_address("lisa@localhost")


def test_domain_of_returns_the_domain_of_a_normalised_address() -> None:
    assert domain_of("lisa@xn--bcher-kva.example") == "xn--bcher-kva.example"
    assert domain_of(normalise_address("Mark.Jones@Bank.Example")) == "bank.example"


def test_domain_of_refuses_a_string_without_a_domain() -> None:
    with pytest.raises(AddressError):
        domain_of("lisa")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_normalise_address_either_raises_address_error_or_returns_a_fixed_point(text: str) -> None:
    try:
        address = normalise_address(text)
    except AddressError:
        return
    assert normalise_address(address) == address
    assert address == address.lower()
    assert domain_of(address).isascii()


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(r"[A-Za-z0-9._%+'-]{1,20}", fullmatch=True),
    st.lists(st.from_regex(r"[A-Za-zÀ-ÿ0-9-]{1,12}", fullmatch=True), min_size=2, max_size=4),
)
def test_plausible_addresses_normalise_idempotently(local: str, labels: list[str]) -> None:
    try:
        address = normalise_address(f"{local}@{'.'.join(labels)}")
    except AddressError:
        return
    assert normalise_address(address) == address
