"""The RSA step of DKIM (RFC 6376 §3.3.1, RSASSA-PKCS1-v1_5) done by OpenSSL through `cryptography`.

dkimpy canonicalises, hashes and parses keys itself, then calls two module globals for the RSA
operation, in pure Python: `RSASSA_PKCS1_v1_5_sign` costs about 10.7 ms per 2048-bit signature
against 0.9 ms in OpenSSL (bench/RESULTS.md, session 1), and `RSASSA_PKCS1_v1_5_verify` about half of
dkimpy's verification of a small message (bench/RESULTS.md, session 5). `install()` replaces both
with functions of the same contract (hash object and dkimpy's parsed key in; signature bytes, or
True/False, out). RSASSA-PKCS1-v1_5 is deterministic, so the signatures are byte for byte dkimpy's,
and the verdicts are dkimpy's (tests/test_reply.py and tests/test_auth.py check both)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Protocol

import dkim
import dkim.crypto
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

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
#: Smaller keys go to dkimpy's own code, which raises its own errors for them (a digest too large for
#: the modulus); dkimpy then refuses anything under its 1024-bit minimum anyway.
_MIN_OPENSSL_BITS = 1024


class _Hash(Protocol):
    name: str

    def digest(self) -> bytes: ...


def openssl_rsassa_sign(hash_obj: _Hash, private_key: dict[str, Any]) -> bytes:
    """dkim.crypto.RSASSA_PKCS1_v1_5_sign, with the RSA operation done by OpenSSL."""
    key = _private_key(tuple(int(private_key[field]) for field in _KEY_FIELDS))
    algorithm = _HASHES[hash_obj.name.lower()]
    return key.sign(hash_obj.digest(), padding.PKCS1v15(), Prehashed(algorithm))


def openssl_rsassa_verify(hash_obj: _Hash, signature: bytes, public_key: dict[str, Any]) -> bool:
    """dkim.crypto.RSASSA_PKCS1_v1_5_verify, with the RSA operation done by OpenSSL.

    dkimpy reads the signature as an integer, so a signature with its leading zero octets left out
    verifies there; it is padded back to the modulus length here to give the same verdict."""
    n, e = int(public_key["modulus"]), int(public_key["publicExponent"])
    algorithm = _HASHES.get(hash_obj.name.lower())
    if n.bit_length() < _MIN_OPENSSL_BITS or algorithm is None:
        return bool(dkim.crypto.RSASSA_PKCS1_v1_5_verify(hash_obj, signature, public_key))
    size = (n.bit_length() + 7) // 8
    stripped = signature.lstrip(b"\0")
    if len(stripped) > size:
        return False
    try:
        _public_key(n, e).verify(
            stripped.rjust(size, b"\0"), hash_obj.digest(), padding.PKCS1v15(), Prehashed(algorithm)
        )
    except InvalidSignature:
        return False
    return True


@lru_cache(maxsize=8)
def _private_key(fields: tuple[int, ...]) -> rsa.RSAPrivateKey:
    n, e, d, p, q, dmp1, dmq1, iqmp = fields  # PKCS#1 order; coefficient = q^-1 mod p
    return rsa.RSAPrivateNumbers(p, q, d, dmp1, dmq1, iqmp, rsa.RSAPublicNumbers(e, n)).private_key()


@lru_cache(maxsize=1024)
def _public_key(n: int, e: int) -> rsa.RSAPublicKey:
    """Senders' keys, parsed once: a CSR domain's key signs every command it sends."""
    return rsa.RSAPublicNumbers(e, n).public_key()


def install() -> None:
    """Make dkimpy use the OpenSSL RSA step for signing and verifying (idempotent)."""
    dkim.RSASSA_PKCS1_v1_5_sign = openssl_rsassa_sign
    dkim.RSASSA_PKCS1_v1_5_verify = openssl_rsassa_verify
