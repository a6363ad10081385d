"""Config: the commented example is the defaults, and every problem in a file is reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailgate import config
from mailgate.errors import ConfigError

EXAMPLE = Path(__file__).parent.parent / "config" / "mailgate.example.toml"


def test_example_file_lists_every_key_with_its_default() -> None:
    assert config.load(EXAMPLE) == config.Config()
    text = EXAMPLE.read_text()
    for section, cls in config.SECTIONS.items():
        assert f"[{section}]" in text
        for key in cls.__dataclass_fields__:
            assert f"\n{key} = " in text, f"{section}.{key} missing from the example"


def test_no_file_gives_embedded_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.ENV_VAR, raising=False)
    assert config.load(None).database.url == "sqlite:///mailgate.db"


def test_every_problem_is_reported_with_its_key(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[smtp]\nport = "25"\nbogus = 1\n[nosuch]\n[auth]\ntrusted_relays = ["not-a-net"]\n')
    with pytest.raises(ConfigError) as info:
        config.load(bad)
    text = info.value.render()
    assert "smtp.port: expected int" in text
    assert "smtp.bogus: unknown key" in text
    assert "[nosuch]: unknown section" in text
    assert "auth.trusted_relays" in text


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such file"):
        config.load(tmp_path / "missing.toml")
