"""The DNS server for DKIM keys, in its own process so its threads do not share the load generator's
GIL. It reuses tests/dnsserver.py (the repository root is put on sys.path).

    python bench/dnsproc.py NAME=TXT-VALUE ...   prints "<host>:<port>" once serving; stops on stdin EOF
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.dnsserver import DNSServer


def main(records: list[str]) -> None:
    with DNSServer() as dns:
        for record in records:
            name, _, value = record.partition("=")
            dns.add_txt(name, value)
        print(dns.address, flush=True)
        sys.stdin.read()  # the parent closes our stdin (or dies) when the run is over


if __name__ == "__main__":
    main(sys.argv[1:])
