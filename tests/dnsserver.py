"""A tiny authoritative DNS server for tests, so nothing under test needs the outside network.

It listens on 127.0.0.1 on one free port over UDP and TCP (the same port number), answers from an
in-memory table filled by the test, and runs in background threads while used as a context manager:

    with DNSServer() as dns:
        dns.add_txt("sel1._domainkey.bank.example", "v=DKIM1; k=rsa; p=...")
        dns.add("mx.bank.example", "A", "192.0.2.25")
        dns.servfail("broken.example")       # SERVFAIL for this name and every name below it
        dns.timeout("slow.example")          # never answers this name or any name below it
        resolver_address = dns.address       # "127.0.0.1:<port>"

A name with no records and nothing below it answers NXDOMAIN; a name that exists but lacks the asked
type, or only has names below it (an empty non-terminal), answers NOERROR with no answer (NODATA,
RFC 8020). Long TXT values are split into 255-byte character-strings (RFC 1035 §3.3.14). UDP answers
larger than the client's payload are truncated with TC set so the client retries over TCP (RFC 7766).
Every question received is appended to `queries` as (name, type) for tests to inspect.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable, Iterable
from types import TracebackType

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TXT
import dns.rrset

_TXT_CHUNK = 255  # RFC 1035 §3.3: a <character-string> holds at most 255 octets
_PLAIN_UDP_LIMIT = 512  # RFC 1035 §4.2.1, without EDNS (RFC 6891)


def _name(name: str | dns.name.Name) -> dns.name.Name:
    if isinstance(name, dns.name.Name):
        return name
    return dns.name.from_text(name)


def _txt_chunks(value: str | bytes) -> list[bytes]:
    data = value.encode() if isinstance(value, str) else value
    return [data[i : i + _TXT_CHUNK] for i in range(0, len(data), _TXT_CHUNK)] or [b""]


class DNSServer:
    """An authoritative, in-memory DNS server on 127.0.0.1 for the duration of a `with` block."""

    def __init__(self, host: str = "127.0.0.1", ttl: int = 60) -> None:
        self.host = host
        self.ttl = ttl
        self.port = 0
        self.timeout_names: set[str] = set()
        self.servfail_names: set[str] = set()
        self.queries: list[tuple[str, str]] = []
        self._records: dict[dns.name.Name, dict[int, list[dns.rdata.Rdata]]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._udp: socket.socket | None = None
        self._tcp: socket.socket | None = None

    # -- configuration -------------------------------------------------------------------------

    @property
    def address(self) -> str:
        """The server as "host:port", the form `mailgate.auth.make_dns_txt` takes."""
        return f"{self.host}:{self.port}"

    def add(self, name: str, rdtype: str, value: str) -> None:
        """Add one record given in zone-file text, e.g. add("bank.example", "MX", "10 mx.bank.example.")."""
        rdata = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rdtype), value)
        self._add_rdata(_name(name), rdata)

    def add_txt(self, name: str, value: str | bytes) -> None:
        """Add one TXT record, split into 255-byte strings as a DNS publisher would."""
        rdata = dns.rdtypes.ANY.TXT.TXT(dns.rdataclass.IN, dns.rdatatype.TXT, _txt_chunks(value))
        self._add_rdata(_name(name), rdata)

    def remove(self, name: str) -> None:
        """Forget every record of `name` (names below it are kept)."""
        with self._lock:
            self._records.pop(_name(name), None)

    def servfail(self, name: str) -> None:
        """Answer SERVFAIL for `name` and every name below it."""
        with self._lock:
            self.servfail_names.add(name)

    def timeout(self, name: str) -> None:
        """Never answer queries for `name` or any name below it."""
        with self._lock:
            self.timeout_names.add(name)

    def _add_rdata(self, name: dns.name.Name, rdata: dns.rdata.Rdata) -> None:
        with self._lock:
            self._records.setdefault(name, {}).setdefault(rdata.rdtype, []).append(rdata)

    # -- lifecycle -------------------------------------------------------------------------------

    def __enter__(self) -> DNSServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        self._udp, self._tcp = self._bind_pair()
        self.port = self._udp.getsockname()[1]
        self._spawn(self._serve_udp, self._udp)
        self._spawn(self._serve_tcp, self._tcp)

    def stop(self) -> None:
        self._stop.set()
        for sock in (self._udp, self._tcp):
            if sock is not None:
                sock.close()
        for thread in self._threads:
            thread.join(timeout=2)

    def _bind_pair(self) -> tuple[socket.socket, socket.socket]:
        """Bind UDP on a free port, then TCP on the same number; retry if TCP's is taken."""
        for _ in range(20):
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            udp.bind((self.host, 0))
            tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                tcp.bind((self.host, udp.getsockname()[1]))
            except OSError:
                udp.close()
                tcp.close()
                continue
            tcp.listen(16)
            udp.settimeout(0.1)
            tcp.settimeout(0.1)
            return udp, tcp
        raise OSError("no free port for both UDP and TCP")

    def _spawn(self, target: Callable[[socket.socket], None], sock: socket.socket) -> None:
        thread = threading.Thread(target=target, args=(sock,), daemon=True)
        thread.start()
        self._threads.append(thread)

    # -- transports ------------------------------------------------------------------------------

    def _serve_udp(self, sock: socket.socket) -> None:
        while not self._stop.is_set():
            try:
                wire, peer = sock.recvfrom(65535)
            except TimeoutError:
                continue
            except OSError:
                return
            reply = self._reply(wire, udp=True)
            if reply is not None:
                try:
                    sock.sendto(reply, peer)
                except OSError:
                    return

    def _serve_tcp(self, sock: socket.socket) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve_tcp_conn, args=(conn,), daemon=True).start()

    def _serve_tcp_conn(self, conn: socket.socket) -> None:
        """RFC 1035 §4.2.2 / RFC 7766: each message is preceded by a two-octet length."""
        conn.settimeout(5)
        with conn:
            while not self._stop.is_set():
                header = _recv_exact(conn, 2)
                wire = _recv_exact(conn, struct.unpack("!H", header)[0]) if header else None
                if not wire:
                    return
                reply = self._reply(wire, udp=False)
                if reply is None:
                    continue
                conn.sendall(struct.pack("!H", len(reply)) + reply)

    # -- answering -------------------------------------------------------------------------------

    def _reply(self, wire: bytes, udp: bool) -> bytes | None:
        try:
            query = dns.message.from_wire(wire)
        except dns.exception.DNSException:
            return None  # not a DNS query we understand; a real server might say FORMERR
        if not query.question:
            return None
        question = query.question[0]
        self.queries.append((question.name.to_text(), dns.rdatatype.to_text(question.rdtype)))
        if self._matches(question.name, self.timeout_names):
            return None
        response = self._answer(query, question.name, question.rdtype)
        limit = max(_PLAIN_UDP_LIMIT, query.payload) if query.edns >= 0 else _PLAIN_UDP_LIMIT
        return response.to_wire(max_size=limit if udp else 65535, prefer_truncation=True)

    def _answer(self, query: dns.message.Message, qname: dns.name.Name, rdtype: int) -> dns.message.Message:
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        if self._matches(qname, self.servfail_names):
            response.flags &= ~dns.flags.AA
            response.set_rcode(dns.rcode.SERVFAIL)
            return response
        with self._lock:
            rdatas = list(self._records.get(qname, {}).get(rdtype, []))
            exists = any(name.is_subdomain(qname) for name in self._records)
        if rdatas:
            response.answer.append(dns.rrset.from_rdata_list(qname, self.ttl, rdatas))
        elif not exists:
            response.set_rcode(dns.rcode.NXDOMAIN)
        return response

    def _matches(self, qname: dns.name.Name, names: Iterable[str]) -> bool:
        with self._lock:
            return any(qname.is_subdomain(_name(name)) for name in names)


def _recv_exact(conn: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        try:
            chunk = conn.recv(size - len(data))
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return data
