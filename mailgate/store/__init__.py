"""Persistence: the SQLAlchemy schema, the engine set-up (SQLite or PostgreSQL), Alembic migrations and
the operations that change subscriptions. Everything a message changes commits in ONE transaction."""
