"""DKIM keys and signatures made on the spot for tests, so no test depends on a key committed to the repo.

`make_key()` gives an RSA 2048 private key in PEM (PKCS#1, the form dkimpy reads) and the TXT record to
publish at `<selector>._domainkey.<domain>` (RFC 6376 §3.6.1: p= is the base64 DER
SubjectPublicKeyInfo). `sign()` wraps `dkim.sign` and returns the message with the new DKIM-Signature
header prepended, as a signing MTA would hand it on. Generating a key costs tens of milliseconds, so
tests share keys through module- or session-scoped fixtures.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import dkim
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def make_key(bits: int = 2048) -> tuple[bytes, str]:
    """Return (private key PEM, DNS TXT record value) for a fresh RSA key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    public_der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return private_pem, "v=DKIM1; k=rsa; p=" + base64.b64encode(public_der).decode("ascii")


def sign(
    raw: bytes,
    selector: str,
    domain: str,
    key: bytes,
    include_headers: Sequence[str] | None = None,
    length: bool = False,
    identity: str | None = None,
) -> bytes:
    """Sign `raw` with d=`domain` s=`selector` and return it with the DKIM-Signature prepended.

    `include_headers=None` lets dkimpy choose (every RFC 6376 "SHOULD sign" header present, From twice);
    `length=True` adds an l= body-length tag (RFC 6376 §3.5).
    """
    headers = None if include_headers is None else [h.encode("ascii") for h in include_headers]
    signature: bytes = dkim.sign(
        raw,
        selector.encode("ascii"),
        domain.encode("ascii"),
        key,
        identity=None if identity is None else identity.encode("ascii"),
        include_headers=headers,
        length=length,
    )
    return signature + raw
