"""A small, realistic data set: two CSRs and an admin, three conversations (one with a non-ASCII name),
a customer with one record and an address shared by two customer records (seed 000's Alternate
Customer ID)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Engine

from mailgate.store import admin, db, ops
from tests.support import ADMIN, CSR

OPERATOR = ops.Actor("cli:test", "operator", datetime(2026, 1, 1, tzinfo=UTC), "test seed")


def seed(engine: Engine) -> None:
    with db.sessions(engine)() as s, s.begin():
        admin.add_staff(s, OPERATOR, CSR, "csr")
        admin.add_staff(s, OPERATOR, ADMIN, "admin")
        for name in ("Statements", "Special Offers", "Relevés mensuels"):
            admin.add_conversation(s, OPERATOR, name, "owner@bank.example")
        admin.add_customer(s, OPERATOR, "lisa@example.com", "C-1")
        admin.add_customer(s, OPERATOR, "bob@example.com", "C-2")
        admin.add_customer(s, OPERATOR, "bob@example.com", "C-3")
        for address, cid in (
            ("lisa@example.com", "C-1"),
            ("bob@example.com", "C-2"),
            ("bob@example.com", "C-3"),
        ):
            for conv in ("Statements", "Special Offers"):
                ops.subscribe(s, OPERATOR, address, conv, cid)
