"""Typed configuration: frozen dataclasses loaded once from TOML, validated with every problem reported
at once by its key, then passed down. No module reads config from globals (STYLE habit 8).

`load(path)` with no path gives the embedded defaults: SQLite in the working directory, listening on
127.0.0.1:2525 for the reply domain `mailgate.localhost`, so `mailgate serve` runs without a file."""

from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from mailgate.errors import ConfigError
from mailgate.tokens import TokenError, TokenKey

ENV_VAR = "MAILGATE_CONFIG"
MiB = 1024 * 1024
OPT_OUT_MODES = ("confirm", "apply", "ignore")


@dataclass(frozen=True)
class SMTPConfig:
    host: str = "127.0.0.1"
    port: int = 2525
    hostname: str = "localhost"
    domains: tuple[str, ...] = ("mailgate.localhost",)
    local_parts: tuple[str, ...] = ()
    max_message_size: int = 10 * MiB
    max_recipients: int = 50
    max_connections: int = 200
    max_memory_bytes: int = 512 * MiB
    max_data_per_peer: int = 4
    data_unlimited_peers: tuple[str, ...] = ("127.0.0.1/32", "::1/128")
    timeout: int = 300
    grace_period: float = 10.0
    tls_cert_file: str = ""
    tls_key_file: str = ""
    workers: int = 1


@dataclass(frozen=True)
class HumanConfig:
    forward_to: str = ""


@dataclass(frozen=True)
class DNSConfig:
    nameservers: tuple[str, ...] = ()
    timeout: float = 5.0


@dataclass(frozen=True)
class AuthConfig:
    trusted_authserv_ids: tuple[str, ...] = ()
    trusted_relays: tuple[str, ...] = ()
    max_signatures: int = 5
    date_window_hours: float = 72.0
    staff_cache_seconds: float = 2.0


@dataclass(frozen=True)
class CommandsConfig:
    max_lines: int = 20


@dataclass(frozen=True)
class DatabaseConfig:
    url: str = "sqlite:///mailgate.db"
    raw_retention_days: int = 90
    busy_timeout_ms: int = 5000
    commit_batch: int = 64


@dataclass(frozen=True)
class OutboundConfig:
    relay_host: str = "localhost"
    relay_port: int = 25
    starttls: bool = False
    tls_ca_file: str = ""
    username: str = ""
    password: str = ""
    from_address: str = ""
    dkim_selector: str = ""
    dkim_domain: str = ""
    dkim_key_file: str = ""
    max_queue_lifetime_hours: float = 120.0
    retry_base_seconds: float = 60.0
    retry_max_seconds: float = 3600.0
    poll_seconds: float = 2.0
    timeout: float = 30.0
    lease_seconds: float = 300.0
    max_per_hour: int = 1000


@dataclass(frozen=True)
class CustomersConfig:
    replies_per_day: int = 3
    unauthenticated_opt_out: str = "confirm"
    feedback_loop_senders: tuple[str, ...] = ()
    conversation_cache_seconds: float = 2.0


@dataclass(frozen=True)
class TokensConfig:
    keys: tuple[str, ...] = ()
    reply_local: str = "reply"
    unsubscribe_local: str = "unsubscribe"
    bounce_local: str = "bounce"
    confirm_local: str = "confirm"
    confirm_hours: float = 72.0
    revoked_cache_seconds: float = 2.0


@dataclass(frozen=True)
class LoggingConfig:
    level: str = "info"
    format: str = "auto"


@dataclass(frozen=True)
class Config:
    smtp: SMTPConfig = field(default_factory=SMTPConfig)
    human: HumanConfig = field(default_factory=HumanConfig)
    dns: DNSConfig = field(default_factory=DNSConfig)
    auth: AuthConfig = field(default_factory=AuthConfig)
    commands: CommandsConfig = field(default_factory=CommandsConfig)
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    outbound: OutboundConfig = field(default_factory=OutboundConfig)
    tokens: TokensConfig = field(default_factory=TokensConfig)
    customers: CustomersConfig = field(default_factory=CustomersConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)

    @property
    def token_keys(self) -> tuple[TokenKey, ...]:
        return tuple(TokenKey.parse(text) for text in self.tokens.keys)

    @property
    def reply_from(self) -> str:
        """The From address of mailgate's own mail."""
        return self.outbound.from_address or f"mailgate@{self.smtp.domains[0]}"


SECTIONS: dict[str, type] = {f.name: type(getattr(Config(), f.name)) for f in fields(Config)}


def load(path: str | os.PathLike[str] | None = None) -> Config:
    """Read the TOML file at `path` (or $MAILGATE_CONFIG); no path means the embedded defaults."""
    chosen = path if path is not None else os.environ.get(ENV_VAR) or None
    if chosen is None:
        return Config()
    try:
        data = tomllib.loads(Path(chosen).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError([f"{chosen}: no such file"]) from exc
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError([f"{chosen}: {exc}"]) from exc
    return from_dict(data)


def from_dict(data: dict[str, Any]) -> Config:
    problems: list[str] = []
    sections: dict[str, Any] = {}
    for name, value in data.items():
        if name not in SECTIONS:
            problems.append(f"[{name}]: unknown section")
        elif not isinstance(value, dict):
            problems.append(f"[{name}]: must be a table")
        else:
            sections[name] = _section(name, SECTIONS[name], value, problems)
    config = Config(**sections)
    problems.extend(_check(config))
    if problems:
        raise ConfigError(problems)
    return config


def _section(name: str, cls: type, values: dict[str, Any], problems: list[str]) -> Any:
    default = cls()
    known = {f.name for f in fields(default)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            problems.append(f"{name}.{key}: unknown key")
            continue
        coerced = _coerce(getattr(default, key), value)
        if coerced is None:
            wanted = type(getattr(default, key)).__name__
            problems.append(f"{name}.{key}: expected {wanted}, got {type(value).__name__} {value!r}")
        else:
            kwargs[key] = coerced
    return replace(default, **kwargs)


def _coerce(default: Any, value: Any) -> Any:
    if isinstance(default, bool):
        return value if isinstance(value, bool) else None
    if isinstance(default, int):
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    if isinstance(default, float):
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return float(value) if ok else None
    if isinstance(default, str):
        return value if isinstance(value, str) else None
    if isinstance(default, tuple):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        return tuple(value) if ok else None
    return None


def _check(c: Config) -> list[str]:
    problems: list[str] = []
    if not c.smtp.domains:
        problems.append("smtp.domains: at least one reply domain is needed")
    if not 0 <= c.smtp.port <= 65535:
        problems.append(f"smtp.port: {c.smtp.port} is not a TCP port")
    for key in (
        "max_message_size",
        "max_recipients",
        "max_connections",
        "max_memory_bytes",
        "max_data_per_peer",
    ):
        if getattr(c.smtp, key) <= 0:
            problems.append(f"smtp.{key}: must be positive")
    if c.smtp.max_memory_bytes < 4 * c.smtp.max_message_size:
        problems.append("smtp.max_memory_bytes: must be at least 4 x smtp.max_message_size")
    for key, networks in (
        ("auth.trusted_relays", c.auth.trusted_relays),
        ("smtp.data_unlimited_peers", c.smtp.data_unlimited_peers),
    ):
        for network in networks:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError:
                problems.append(f"{key}: {network!r} is not an IP network")
    if c.logging.level.lower() not in ("debug", "info", "warning", "error"):
        problems.append(f"logging.level: {c.logging.level!r} is not debug, info, warning or error")
    if c.logging.format not in ("auto", "json", "console"):
        problems.append(f"logging.format: {c.logging.format!r} is not auto, json or console")
    if c.smtp.workers < 1:
        problems.append("smtp.workers: must be at least 1")
    if c.smtp.workers > 1 and c.smtp.port == 0:
        problems.append("smtp.workers: several workers need a fixed smtp.port to share")
    for text in c.tokens.keys:
        try:
            TokenKey.parse(text)
        except TokenError as exc:
            problems.append(f"tokens.keys: {exc}")
    if c.database.commit_batch <= 0:
        problems.append("database.commit_batch: must be positive")
    if c.customers.unauthenticated_opt_out not in OPT_OUT_MODES:
        problems.append(
            f"customers.unauthenticated_opt_out: {c.customers.unauthenticated_opt_out!r} is not "
            + ", ".join(OPT_OUT_MODES)
        )
    if c.customers.replies_per_day < 1:
        problems.append("customers.replies_per_day: must be at least 1")
    if c.outbound.max_per_hour < 1:
        problems.append("outbound.max_per_hour: must be at least 1")
    if c.tokens.confirm_hours <= 0:
        problems.append("tokens.confirm_hours: must be positive")
    if c.tokens.revoked_cache_seconds < 0:
        problems.append("tokens.revoked_cache_seconds: must not be negative")
    if c.commands.max_lines <= 0:
        problems.append("commands.max_lines: must be positive")
    files = {
        "smtp.tls_cert_file": c.smtp.tls_cert_file,
        "smtp.tls_key_file": c.smtp.tls_key_file,
        "outbound.dkim_key_file": c.outbound.dkim_key_file,
        "outbound.tls_ca_file": c.outbound.tls_ca_file,
    }
    for key, path in files.items():
        if path and not os.access(path, os.R_OK):
            problems.append(f"{key}: cannot read {path}")
    if bool(c.smtp.tls_cert_file) != bool(c.smtp.tls_key_file):
        problems.append("smtp.tls_cert_file: tls_cert_file and tls_key_file go together")
    if bool(c.outbound.dkim_key_file) != bool(c.outbound.dkim_selector):
        problems.append("outbound.dkim_selector: dkim_selector and dkim_key_file go together")
    return problems
