"""Shared fixtures: a real database per test (SQLite file, and PostgreSQL in a schema of its own when a
server is reachable), a DNS server on 127.0.0.1 publishing DKIM keys made for the run, and pipeline
dependencies wired exactly as the daemon wires them.

PostgreSQL: MAILGATE_TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/test). When it is not
reachable those tests skip with the reason, unless MAILGATE_REQUIRE_PG=1 (CI), where they fail."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from mailgate import config as config_mod
from mailgate.app import build_deps
from mailgate.pipeline import Deps
from mailgate.store import db
from tests import dkimkeys
from tests.dnsserver import DNSServer
from tests.harness import RelaySink
from tests.support import REPLY_DOMAIN, Signing

PG_URL = os.environ.get("MAILGATE_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("MAILGATE_REQUIRE_PG") == "1"
SIGNING_DOMAINS = (
    "bank.example",
    "attacker.example",
    "evil.co.uk",
    "good.co.uk",
    "mail.bank.example",
    "example.com",
    "fbl.example",
)


def _pg_problem() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=3):
            return None
    except Exception as exc:  # any failure means "not reachable" here
        return f"{type(exc).__name__}: {exc}".strip()


@pytest.fixture(scope="session")
def pg_base_url() -> str:
    problem = _pg_problem()
    if problem:
        message = f"PostgreSQL not reachable at {PG_URL} ({problem}); set MAILGATE_TEST_PG_URL"
        if REQUIRE_PG:
            pytest.fail(message + " (MAILGATE_REQUIRE_PG=1)")
        pytest.skip(message)
    return PG_URL


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/mailgate.db"
        return
    base = request.getfixturevalue("pg_base_url")
    import psycopg

    schema = "mg_" + secrets.token_hex(6)
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = db.make_engine(db_url, busy_timeout_ms=500)
    db.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def relay() -> Iterator[RelaySink]:
    """An SMTP sink on 127.0.0.1 recording what mailgate delivers."""
    sink = RelaySink().start()
    yield sink
    sink.stop()


@pytest.fixture(scope="session")
def dns_server() -> Iterator[DNSServer]:
    with DNSServer() as server:
        yield server


@pytest.fixture(scope="session")
def signing(dns_server: DNSServer) -> Signing:
    result = Signing()
    for domain in SIGNING_DOMAINS:
        private, txt = dkimkeys.make_key()
        result.keys[domain] = private
        dns_server.add_txt(f"{result.selector}._domainkey.{domain}", txt)
    return result


@pytest.fixture
def make_config(db_url: str, dns_server: DNSServer) -> Callable[..., config_mod.Config]:
    def make(**sections: dict[str, Any]) -> config_mod.Config:
        data: dict[str, Any] = {
            "smtp": {"domains": [REPLY_DOMAIN], "hostname": "mx.reply.bank.example", "port": 0},
            "dns": {"nameservers": [dns_server.address], "timeout": 1.0},
            "database": {"url": db_url, "busy_timeout_ms": 500},
            "human": {"forward_to": "postmaster-human@bank.example"},
        }
        for name, values in sections.items():
            data.setdefault(name, {}).update(values)
        return config_mod.from_dict(data)

    return make


@pytest.fixture
def deps(engine: Engine, make_config: Callable[..., config_mod.Config], signing: Signing) -> Deps:
    return build_deps(make_config(), engine)
