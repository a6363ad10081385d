"""DKIM signatures on mailgate's own mail (RFC 6376). dkimpy canonicalises, hashes and builds the
header; the RSA step is done by OpenSSL through `cryptography`, because dkimpy's pure-Python modular
exponentiation costs about 10.7 ms per 2048-bit signature against 0.9 ms (bench/RESULTS.md: signing
was 35% of the CPU on the signed mix). RSASSA-PKCS1-v1_5 is deterministic, so the signatures are
byte for byte the ones dkimpy makes (tests/test_reply.py checks that).

dkimpy looks the RSA function up as a module global at call time; `Signer` installs the OpenSSL one
there once. It has the same contract (hash object and dkimpy's parsed key in, signature bytes out)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import dkim
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

SIGNED_HEADERS = [b"from", b"to", b"subject", b"date", b"message-id", b"in-reply-to", b"references"]
_KEY_FIELDS = (
    "modulus",
    "publicExponent",
    "privateExponent",
    "prime1",
    "prime2",
    "exponent1",
    "exponent2",
    "coefficient",
)
_HASHES: dict[str, hashes.HashAlgorithm] = {"sha256": hashes.SHA256(), "sha1": hashes.SHA1()}


class _Hash(Protocol):
    name: str

    def digest(self) -> bytes: ...


def openssl_rsassa_sign(hash_obj: _Hash, private_key: dict[str, Any]) -> bytes:
    """dkim.crypto.RSASSA_PKCS1_v1_5_sign, with the RSA operation done by OpenSSL."""
    key = _openssl_key(tuple(int(private_key[field]) for field in _KEY_FIELDS))
    algorithm = _HASHES[hash_obj.name.lower()]
    return key.sign(hash_obj.digest(), padding.PKCS1v15(), Prehashed(algorithm))


@lru_cache(maxsize=8)
def _openssl_key(fields: tuple[int, ...]) -> rsa.RSAPrivateKey:
    n, e, d, p, q, dmp1, dmq1, iqmp = fields  # PKCS#1 order; coefficient = q^-1 mod p
    return rsa.RSAPrivateNumbers(p, q, d, dmp1, dmq1, iqmp, rsa.RSAPublicNumbers(e, n)).private_key()


@dataclass(frozen=True)
class Signer:
    """DKIM signing with a key read once at start-up."""

    selector: str
    domain: str
    key: bytes

    def __post_init__(self) -> None:
        dkim.RSASSA_PKCS1_v1_5_sign = openssl_rsassa_sign

    @classmethod
    def from_file(cls, selector: str, domain: str, path: str) -> Signer:
        return cls(selector, domain, Path(path).read_bytes())

    def sign(self, data: bytes) -> bytes:
        header = dkim.sign(
            data, self.selector.encode(), self.domain.encode(), self.key, include_headers=SIGNED_HEADERS
        )
        return bytes(header) + data
