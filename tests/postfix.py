"""A private Postfix instance for interop tests: its own config, queue and data directories under a
temporary directory, an smtpd on 127.0.0.1, and a transport that relays the reply domain to mailgate
(`smtp:[127.0.0.1]:PORT`), exactly as README's routing section tells a mail admin to do. Needs root
and the Debian postfix package; /etc/postfix is not touched."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

POSTFIX = "/usr/sbin/postfix"
MASTER_CF_SOURCE = Path("/etc/postfix/master.cf")


def unavailable() -> str | None:
    if not Path(POSTFIX).exists():
        return "Postfix is not installed (Debian package postfix)"
    if os.geteuid() != 0:
        return "a private Postfix instance needs root"
    try:
        pwd.getpwnam("postfix")
    except KeyError:
        return "no postfix user"
    return None


class PrivatePostfix:
    def __init__(self, listen_port: int, relay_domain: str, mailgate_port: int) -> None:
        # Not under pytest's tmp_path: that is mode 0700 and Postfix's daemons run as `postfix`.
        self.root = Path(tempfile.mkdtemp(prefix="mailgate-postfix-"))
        self.root.chmod(0o755)
        self.conf = self.root / "conf"
        self.listen_port = listen_port
        for sub in ("conf", "queue", "data"):
            (self.root / sub).mkdir()
        shutil.chown(self.root / "data", user="postfix")
        (self.conf / "main.cf").write_text(self._main_cf(relay_domain, mailgate_port))
        (self.conf / "master.cf").write_text(self._master_cf())

    def _main_cf(self, relay_domain: str, mailgate_port: int) -> str:
        return f"""\
compatibility_level = 3.6
queue_directory = {self.root}/queue
data_directory = {self.root}/data
maillog_file = {self.root}/maillog
maillog_file_prefixes = {self.root}
myhostname = relay.test.example
mydomain = test.example
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relay_domains = {relay_domain}
transport_maps = inline:{{ {relay_domain}=smtp:[127.0.0.1]:{mailgate_port} }}
smtp_dns_support_level = disabled
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
alias_maps =
alias_database =
local_recipient_maps =
smtputf8_enable = yes
minimal_backoff_time = 1s
maximal_backoff_time = 2s
queue_run_delay = 1s
"""

    def _master_cf(self) -> str:
        lines = []
        for line in MASTER_CF_SOURCE.read_text().splitlines():
            if line.startswith("smtp ") and " smtpd" in line:
                line = f"127.0.0.1:{self.listen_port} inet n - n - - smtpd"
            if line.startswith("#postlog"):
                line = line[1:]
            lines.append(line)
        return "\n".join(lines) + "\n"

    def postfix(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [POSTFIX, "-c", str(self.conf), *args], capture_output=True, text=True, timeout=60
        )

    def start(self) -> PrivatePostfix:
        done = self.postfix("start")
        if done.returncode != 0:
            raise RuntimeError(f"postfix start failed: {done.stderr}\n{self.log()}")
        return self

    def flush(self) -> None:
        subprocess.run(["postqueue", "-c", str(self.conf), "-f"], capture_output=True, timeout=30)

    def log(self) -> str:
        path = self.root / "maillog"
        return path.read_text(errors="replace") if path.exists() else ""

    def wait_log(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log = self.log()
            if text in log:
                return log
            time.sleep(0.2)
        raise AssertionError(f"{text!r} not in the Postfix log:\n{self.log()}")

    def stop(self) -> None:
        self.postfix("stop")
        shutil.rmtree(self.root, ignore_errors=True)
