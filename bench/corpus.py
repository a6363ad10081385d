"""The messages the load generator sends, built before any timed window starts.

Two mixes, every message distinct (its own Message-ID, Date = the time it was built, its own customer
or sender address) so mailgate's duplicate detection never stands in for work:

- `signed`: CSR commands ("Unsubscribe cust17@example.com Statements") From a staff address, each
  DKIM-signed on its own (rsa-sha256, 2048-bit key, d=bank.example). Signing costs ~8 ms of pure-Python
  RSA per message in dkimpy, so it is done here, in a process pool, before timing starts.
- `replies`: customer replies ("STOP", "please remove me") From distinct non-staff addresses.

`big` builds near-`max_message_size` customer replies for the memory test. Messages come out ready for
the wire: CRLF line ends, dot-stuffed (RFC 5321 §4.5.2), terminated by CRLF.CRLF."""

from __future__ import annotations

import base64
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import dkimkeys
from tests.support import make_message

REPLY_ADDR = "replies@reply.bank.example"
REPLY_DOMAIN = "reply.bank.example"
STAFF_DOMAIN = "bank.example"
SELECTOR = "sel1"
STAFF = tuple(f"csr{k}@{STAFF_DOMAIN}" for k in range(8))
CONVERSATIONS = ("Statements", "Special Offers", "Relevés mensuels")
REPLY_BODIES = (
    "STOP\n",
    "please remove me\n",
    "Please take me off your list.\n\nThanks,\nA customer\n",
    "Unsubscribe\n\nOn Monday the bank wrote:\n> Your statement is ready.\n",
)


@dataclass(frozen=True)
class Mail:
    """One SMTP transaction: envelope and the DATA payload as sent on the wire."""

    mail_from: str
    rcpt: str
    data: bytes


def customer(i: int) -> str:
    return f"cust{i}@example.com"


def to_wire(raw: bytes) -> bytes:
    """CRLF line ends, dot-stuffing, and the end-of-data line."""
    lines = raw.replace(b"\r\n", b"\n").split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    stuffed = [b"." + line if line.startswith(b".") else line for line in lines]
    return b"\r\n".join(stuffed) + b"\r\n.\r\n"


def _command(i: int, tag: str) -> tuple[str, bytes]:
    sender = STAFF[i % len(STAFF)]
    # Mostly one conversation; every fifth message suppresses the address everywhere.
    subject = f"Unsubscribe {customer(i)}"
    if i % 5:
        subject += " " + CONVERSATIONS[i % 2]
    raw = make_message(
        subject,
        body=f"Customer called on ticket {tag}-{i}.\n\n-- \nCSR desk\n",
        sender=sender,
        to=REPLY_ADDR,
        message_id=f"<cmd-{tag}-{i}@mua.bank.example>",
    )
    return sender, raw


def _sign_range(args: tuple[int, int, str, bytes]) -> list[Mail]:
    start, stop, tag, key = args
    mails = []
    for i in range(start, stop):
        sender, raw = _command(i, tag)
        signed = dkimkeys.sign(raw, SELECTOR, STAFF_DOMAIN, key)
        mails.append(Mail(sender, REPLY_ADDR, to_wire(signed)))
    return mails


def signed(start: int, count: int, tag: str, key: bytes, workers: int = 2) -> list[Mail]:
    """CSR commands for customers start..start+count-1, each signed, built by `workers` processes."""
    step = max(1, -(-count // (workers * 4)))
    chunks = [(a, min(a + step, start + count), tag, key) for a in range(start, start + count, step)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [mail for part in pool.map(_sign_range, chunks) for mail in part]


def replies(count: int, tag: str) -> list[Mail]:
    """Customer replies from distinct, non-staff addresses."""
    mails = []
    for i in range(count):
        sender = f"person{i}.{tag}@customers.example"
        raw = make_message(
            "STOP" if i % 2 else "Re: Your monthly statement",
            body=REPLY_BODIES[i % len(REPLY_BODIES)],
            sender=sender,
            to=REPLY_ADDR,
            message_id=f"<reply-{tag}-{i}@mail.customers.example>",
        )
        mails.append(Mail(sender, REPLY_ADDR, to_wire(raw)))
    return mails


def big(count: int, tag: str, size: int) -> list[Mail]:
    """Customer replies with an attachment, each just under `size` bytes on the wire."""
    mails = []
    for i in range(count):
        sender = f"big{i}.{tag}@customers.example"
        head = make_message(
            "Re: statement (scan attached)",
            body="See attached.\n",
            sender=sender,
            message_id=f"<big-{tag}-{i}@mail.customers.example>",
        )
        # base64 lines: 57 bytes become 76 characters + CRLF; leave room for headers and MIME parts.
        room = (size - len(head) - 2048) * 57 // 78
        blob = base64.encodebytes(os.urandom(room)).replace(b"\n", b"\r\n")
        raw = _with_attachment(head, blob)
        mails.append(Mail(sender, REPLY_ADDR, to_wire(raw)))
    return mails


def _with_attachment(head: bytes, blob: bytes) -> bytes:
    headers, _, body = head.partition(b"\r\n\r\n")
    kept = b"\r\n".join(
        h for h in headers.split(b"\r\n") if not h.lower().startswith((b"content-", b"mime-version"))
    )
    return (
        kept + b'\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body + b"\r\n"
        b"--b1\r\nContent-Type: application/pdf; name=scan.pdf\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Disposition: attachment; filename=scan.pdf\r\n\r\n" + blob + b"--b1--\r\n"
    )


def chunks(mails: list[Mail], *sizes: int) -> Iterator[list[Mail]]:
    """Split `mails` into consecutive slices of the given sizes."""
    at = 0
    for n in sizes:
        yield mails[at : at + n]
        at += n
