"""DKIM signatures on mailgate's own mail (RFC 6376): dkimpy canonicalises, hashes and builds the
header; the RSA step is OpenSSL's (`mailgate.dkimrsa`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import dkim

from mailgate import dkimrsa

SIGNED_HEADERS = [b"from", b"to", b"subject", b"date", b"message-id", b"in-reply-to", b"references"]


@dataclass(frozen=True)
class Signer:
    """DKIM signing with a key read once at start-up."""

    selector: str
    domain: str
    key: bytes

    def __post_init__(self) -> None:
        dkimrsa.install()

    @classmethod
    def from_file(cls, selector: str, domain: str, path: str) -> Signer:
        return cls(selector, domain, Path(path).read_bytes())

    def sign(self, data: bytes) -> bytes:
        header = dkim.sign(
            data, self.selector.encode(), self.domain.encode(), self.key, include_headers=SIGNED_HEADERS
        )
        return bytes(header) + data
