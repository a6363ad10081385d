"""The `mailgate` command as an operator runs it: a real process, a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import FIXTURES, make_message

MAILGATE = [sys.executable, "-m", "mailgate"]


@pytest.fixture
def run(tmp_path: Path):  # type: ignore[no-untyped-def]
    cfg = tmp_path / "mailgate.toml"
    cfg.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path}/mg.db"\n[smtp]\ndomains = ["reply.bank.example"]\n'
    )

    def call(*args: str, stdin: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "MAILGATE_CONFIG": str(cfg)}
        done = subprocess.run(
            [*MAILGATE, *args],
            capture_output=True,
            env=env,
            timeout=60,
            input=stdin.decode() if stdin else None,
            text=True,
        )
        if check:
            assert done.returncode == 0, done.stderr
        return done

    return call


def test_commands_refuse_an_out_of_date_schema_with_a_clear_message(run) -> None:  # type: ignore[no-untyped-def]
    done = run("staff", "list", check=False)
    assert done.returncode == 2
    assert "mailgate db upgrade" in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_operator_workflow_and_status_json_shape(run) -> None:  # type: ignore[no-untyped-def]
    run("db", "upgrade")
    run("staff", "add", "Mark@Bank.example", "--role", "csr")
    assert "mark@bank.example\tcsr" in run("staff", "list").stdout
    run("conversation", "add", "Statements", "--owner", "owner@bank.example")
    run("conversation", "add", "Offers")
    run("customer", "add", "lisa@example.com", "--id", "C-1")
    run("subscribe", "lisa@example.com", "Statements")
    run("subscribe", "lisa@example.com", "Offers")
    run("unsubscribe", "lisa@example.com", "statements")
    state = json.loads(run("status", "lisa@example.com", "--json").stdout)
    assert state == {
        "address": "lisa@example.com",
        "suppressed": False,
        "customers": [{"id": "C-1", "conversations": {"Offers": "subscribed", "Statements": "unsubscribed"}}],
    }
    run("unsubscribe", "LISA@example.com")
    state = json.loads(run("status", "lisa@example.com", "--json").stdout)
    assert state["suppressed"] is True
    assert set(state["customers"][0]["conversations"].values()) == {"unsubscribed"}
    audit = run("audit", "lisa@example.com").stdout
    assert "unsubscribe lisa@example.com [statements]: done" in audit


def test_putting_back_needs_a_reason(run) -> None:  # type: ignore[no-untyped-def]
    run("db", "upgrade")
    run("conversation", "add", "Statements")
    run("customer", "add", "lisa@example.com")
    run("unsubscribe", "lisa@example.com", "Statements")
    refused = run("subscribe", "lisa@example.com", "Statements", check=False)
    assert refused.returncode == 2 and "Reason" in refused.stderr
    run("subscribe", "lisa@example.com", "Statements", "--reason", "customer called")


def test_errors_print_one_line_and_exit_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("db", "upgrade")
    run("conversation", "add", "Statements")
    unknown = run("unsubscribe", "lisa@example.com", "Statemnts", check=False)
    assert unknown.returncode == 2 and "did you mean 'Statements'" in unknown.stderr
    bad = run("status", "not-an-address", "--json", check=False)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    broken = tmp_path / "broken.toml"
    broken.write_text("[smtp]\nprot = 25\n")
    cfg_err = run("--config", str(broken), "staff", "list", check=False)
    assert cfg_err.returncode == 2 and "smtp.prot: unknown key" in cfg_err.stderr


def test_process_dry_run_reports_and_changes_nothing(run) -> None:  # type: ignore[no-untyped-def]
    run("db", "upgrade")
    raw = make_message("Unsubscribe lisa@example.com", sender="someone@bank.example")
    out = json.loads(run("process", "-", "--dry-run", stdin=raw).stdout)
    assert out["status"] == "kept" and out["dry_run"] is True
    assert run("outbox", "list").stdout == ""


def test_process_reads_a_fixture_file(run) -> None:  # type: ignore[no-untyped-def]
    run("db", "upgrade")
    fixture = sorted(FIXTURES.glob("csr-*.eml"))[0]
    out = json.loads(run("process", str(fixture)).stdout)
    assert out["status"] == "kept"


def test_outbox_list_and_retry_of_a_failed_row(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run("db", "upgrade")
    import sqlite3

    conn = sqlite3.connect(tmp_path / "mg.db")
    conn.execute(
        "INSERT INTO outbox (message_id, kind, mail_from, rcpt_to, data, status, attempts, created_at,"
        " next_attempt_at, expires_at, last_error) VALUES ('<m1@x>', 'confirmation', '', 'mark@bank.example',"
        " x'00', 'failed', 3, '2026-01-01 00:00:00', '2026-01-01 00:00:00', '2026-01-02 00:00:00', '550 no')"
    )
    conn.commit()
    conn.close()
    assert "failed" in run("outbox", "list", "--failed").stdout
    run("outbox", "retry", "1")
    assert run("outbox", "list", "--failed").stdout == ""
    assert "\tpending\t" in run("outbox", "list").stdout
    missing = run("outbox", "retry", "99", check=False)
    assert missing.returncode == 2 and "unknown outbox row" in missing.stderr


def with_token_keys(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Token keys in the config, and one customer in one conversation to make addresses for."""
    cfg = tmp_path / "mailgate.toml"
    cfg.write_text(cfg.read_text() + '[tokens]\nkeys = ["1:a-secret-of-16-chars"]\n')
    run("db", "upgrade")
    run("conversation", "add", "Statements")
    run("customer", "add", "lisa@example.com", "--id", "C-1")


def test_token_prints_an_address_whose_token_verifies(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with_token_keys(run, tmp_path)
    printed = run("token", "lisa@example.com", "Statements", "--purpose", "unsubscribe").stdout.strip()
    local, _, domain = printed.partition("@")
    assert domain == "reply.bank.example" and local.startswith("unsubscribe+") and len(local) <= 64
    from datetime import UTC, datetime

    from mailgate.tokens import TokenKey, decode

    token = decode(local.split("+", 1)[1], [TokenKey.parse("1:a-secret-of-16-chars")], datetime.now(UTC))
    assert token.purpose == "unsubscribe" and token.channel == "email"
    missing = run("token", "nobody@example.com", "Statements", "--purpose", "reply", check=False)
    assert missing.returncode == 2 and "unknown customer" in missing.stderr


def test_revoke_token_records_it_and_refuses_what_does_not_verify(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with_token_keys(run, tmp_path)
    address = run("token", "lisa@example.com", "Statements", "--purpose", "reply").stdout.strip()
    assert run("revoke-token", address).stdout.startswith("token ")
    assert "revoke-token" in run("audit", address).stdout
    forged = address.replace(address.split("+")[1][:4], "aaaa", 1)
    refused = run("revoke-token", forged, check=False)
    assert refused.returncode == 2 and "does not verify" in refused.stderr


def test_conversation_owner_alerts_on_and_off(run) -> None:  # type: ignore[no-untyped-def]
    run("db", "upgrade")
    run("conversation", "add", "Statements", "--owner", "owner@bank.example", "--alert-owner")
    run("conversation", "add", "Offers")
    listed = run("conversation", "list").stdout.splitlines()
    assert listed == ["Offers\t-\t-", "Statements\towner@bank.example\talerts"]
    assert "owner alerts off" in run("conversation", "alerts", "statements", "off").stdout
    assert "(no owner set)" in run("conversation", "alerts", "Offers", "on").stdout
    assert run("conversation", "list").stdout.splitlines() == [
        "Offers\t-\talerts",
        "Statements\towner@bank.example\t-",
    ]


def test_token_without_keys_is_a_config_error(run) -> None:  # type: ignore[no-untyped-def]
    run("db", "upgrade")
    done = run("token", "lisa@example.com", "Statements", "--purpose", "reply", check=False)
    assert done.returncode == 2 and "tokens.keys" in done.stderr


def test_list_by_status(run) -> None:  # type: ignore[no-untyped-def]
    run("db", "upgrade")
    run("conversation", "add", "Statements")
    run("customer", "add", "lisa@example.com", "--id", "C-1")
    run("subscribe", "lisa@example.com", "Statements")
    run("unsubscribe", "lisa@example.com", "Statements")
    run("unsubscribe", "bob@example.com")
    rows = json.loads(run("list", "--status", "unsubscribed", "--json").stdout)
    assert {(r["address"], r["conversation"]) for r in rows} == {
        ("bob@example.com", None),
        ("lisa@example.com", "Statements"),
    }
    assert json.loads(run("list", "--status", "do_not_email", "--json").stdout) == []
    assert (
        "bob@example.com\tunsubscribed\tall conversations" in run("list", "--status", "unsubscribed").stdout
    )


def test_classify_prints_the_json_shape(run) -> None:  # type: ignore[no-untyped-def]
    out = json.loads(run("classify", str(FIXTURES / "reply-outlook-french-desabonnez.eml")).stdout)
    assert {"intent", "scope", "automated", "language"} <= out.keys()
    assert (out["intent"], out["scope"], out["language"]) == ("do_not_email", "all", "fr")
    quoted = json.loads(
        run("classify", "-", stdin=(FIXTURES / "reply-signature-contains-stop.eml").read_bytes()).stdout
    )
    assert quoted["intent"] == "none"


def test_missing_file_is_one_line_and_exit_2(run) -> None:  # type: ignore[no-untyped-def]
    for command in (("classify", "/nonexistent.eml"), ("process", "/nonexistent.eml")):
        done = run(*command, check=False)
        assert done.returncode == 2 and done.stderr.count("\n") == 1 and "No such file" in done.stderr


def readme_python_block(after: str) -> str:
    """The first ```python block of README.md after the line that starts with `after`."""
    text = (Path(__file__).parent.parent / "README.md").read_text()
    rest = text[text.index(after) :]
    start = rest.index("```python\n") + len("```python\n")
    return rest[start : rest.index("```\n", start)]


def test_the_readme_python_example_gives_a_message_its_three_campaign_addresses(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with_token_keys(run, tmp_path)
    code = readme_python_block("From Python, `mailgate.campaign.campaign_addresses`")
    assert '"/etc/mailgate/mailgate.toml"' in code
    code = code.replace("/etc/mailgate/mailgate.toml", str(tmp_path / "mailgate.toml"))
    code += 'print(message["Reply-To"])\nprint(message["List-Unsubscribe"])\n'
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    bounce, reply_to, list_unsubscribe = done.stdout.split("\n")[:3]
    mailto = list_unsubscribe.removeprefix("<mailto:").removesuffix("?subject=unsubscribe>")
    assert list_unsubscribe == f"<mailto:{mailto}?subject=unsubscribe>"
    from datetime import UTC, datetime

    from mailgate.tokens import TokenKey, decode

    keys = [TokenKey.parse("1:a-secret-of-16-chars")]
    for address, purpose in ((reply_to, "reply"), (mailto, "unsubscribe"), (bounce, "bounce")):
        local, _, domain = address.partition("@")
        assert domain == "reply.bank.example" and local.startswith(f"{purpose}+"), address
        assert decode(local.split("+", 1)[1], keys, datetime.now(UTC)).purpose == purpose
    # The same tokens as the CLI's: the command line and the library agree.
    assert run("token", "lisa@example.com", "Statements", "--purpose", "reply").stdout.strip() == reply_to
