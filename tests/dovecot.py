"""A private Dovecot instance for the POP3/IMAP tests (no test here).

Debian's ``dovecot-imapd`` and ``dovecot-pop3d`` (``.ci/run`` installs them), started with a config
of its own in a temporary folder: it listens on 127.0.0.1 only, on free ports (IMAP with STARTTLS,
IMAPS, POP3 with STLS, POP3S), with a certificate from the test CA, users from a passwd-file and a
maildir per user that the tests seed with real messages. It is stopped by the pid it wrote.
The facts and traps this follows are in ``shared/reference/engineering.md`` §8 (one setting per
line inside a block, ``auth_failure_delay = 0``, the mail folder writable by ``nobody``); the
anvil's auth-penalty listener is closed (mode 0), so refused logins from 127.0.0.1 are not
slowed down more at each failure (Dovecot's documented way to disable the penalty).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import trustme

BIND = "127.0.0.1"
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
#: the host name the tests' scripts use; --connect-to routes it to 127.0.0.1
HOST = "imap.exemple.test"


def available() -> bool:
    return os.path.exists(DOVECOT) and os.geteuid() == 0


def require() -> None:
    """Skip a test that needs Dovecot where it cannot run, except in CI, which installs it
    (.ci/run): there a missing server is a failure, not a skip."""
    if not available() and not os.environ.get("CI"):
        import pytest

        pytest.skip("needs Debian's dovecot, run as root")


def _free_ports(count: int) -> list[int]:
    socks = [socket.socket() for _ in range(count)]
    try:
        for sock in socks:
            sock.bind((BIND, 0))
        return [sock.getsockname()[1] for sock in socks]
    finally:
        for sock in socks:
            sock.close()


#: with ``introspection``: XOAUTH2 and OAUTHBEARER checked by Dovecot's oauth2 passdb, which asks
#: that URL (RFC 7662, form POST) whether a bearer token is active and whose it is
_OAUTH2 = """\
passdb {{
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = {root}/oauth2.conf.ext
}}
"""
_OAUTH2_ARGS = """\
introspection_mode = post
introspection_url = {url}
username_attribute = username
active_attribute = active
active_value = true
force_introspection = yes
"""

_CONFIG = """\
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap pop3
listen = {bind}
ssl = yes
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login{mechanisms}
auth_failure_delay = 0
mail_location = maildir:{root}/mail/%u
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 0
mail_privileged_group =
pop3_uidl_format = %08Xu%08Xv
{oauth2}passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/users
}}
userdb {{
  driver = static
  args = uid=nobody gid=nogroup home={root}/home/%u
}}
service anvil {{
  chroot =
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {imap}
  }}
  inet_listener imaps {{
    port = {imaps}
    ssl = yes
  }}
}}
service pop3-login {{
  chroot =
  inet_listener pop3 {{
    port = {pop3}
  }}
  inet_listener pop3s {{
    port = {pop3s}
    ssl = yes
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0666
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


@dataclass
class Dovecot:
    """One running instance; ``users`` maps a user name to its password.

    Its folder is its own (``/tmp/wlmail-dovecot-*``, mode 755, removed by ``stop``): Dovecot's
    auth process runs as the ``dovecot`` user and needs to reach the passwd-file, which pytest's
    private (mode 700) temporary folders do not allow.
    """

    ca: trustme.CA
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="wlmail-dovecot-")))
    users: dict[str, str] = field(default_factory=lambda: {"alice": "secret"})
    host: str = HOST
    introspection: str = ""  # an RFC 7662 endpoint: enables XOAUTH2 through the oauth2 passdb
    settings: str = ""  # more lines for dovecot.conf (e.g. imap_capability, to hide MOVE)
    ports: dict[str, int] = field(default_factory=dict)
    process_id: int = 0
    _counter: int = 0

    def start(self) -> Dovecot:
        root = self.root
        root.chmod(0o755)
        for sub in ("run", "state", "mail", "home"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        cert = self.ca.issue_cert(self.host, "localhost", BIND)
        cert.private_key_pem.write_to_path(root / "key.pem")
        cert.cert_chain_pems[0].write_to_path(root / "cert.pem")
        (root / "users").write_text(
            "".join(f"{user}:{{PLAIN}}{pw}::::::\n" for user, pw in self.users.items())
        )
        imap, imaps, pop3, pop3s = _free_ports(4)
        self.ports = {"imap": imap, "imaps": imaps, "pop3": pop3, "pop3s": pop3s}
        conf = root / "dovecot.conf"
        oauth2 = mechanisms = ""
        if self.introspection:
            (root / "oauth2.conf.ext").write_text(_OAUTH2_ARGS.format(url=self.introspection))
            oauth2, mechanisms = _OAUTH2.format(root=root), " xoauth2 oauthbearer"
        conf.write_text(
            _CONFIG.format(root=root, bind=BIND, oauth2=oauth2, mechanisms=mechanisms, **self.ports)
            + self.settings
        )
        for user in self.users:
            self.mailbox(user)
        self._own()
        # the daemon forks and keeps its standard streams: a pipe here would never reach EOF
        with open(root / "start.log", "wb") as log:
            subprocess.run(
                [DOVECOT, "-c", str(conf)], check=True, stdout=log, stderr=log, timeout=30
            )
        self.process_id = self._pid()
        self._wait_ready()
        return self

    def stop(self) -> None:
        try:
            self._kill()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _kill(self) -> None:
        if not self.process_id:
            return
        try:
            os.kill(self.process_id, signal.SIGTERM)
        except ProcessLookupError:
            self.process_id = 0
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(self.process_id, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        self.process_id = 0

    # ---- mailboxes ----------------------------------------------------------------------------
    def mailbox(self, user: str, folder: str = "INBOX") -> Path:
        """The maildir folder of ``user`` (Maildir++: sub-folders are ``.Name``), created."""
        base = self.root / "mail" / user
        path = base if folder == "INBOX" else base / f".{folder}"
        for sub in ("cur", "new", "tmp"):
            (path / sub).mkdir(parents=True, exist_ok=True)
        return path

    def deliver(self, user: str, data: bytes, folder: str = "INBOX", *, seen: bool = False) -> Path:
        """Put one message in a folder: new/ when unseen, cur/ with the S flag when seen."""
        self._counter += 1
        path = self.mailbox(user, folder)
        name = f"{int(time.time())}.M{self._counter}P{os.getpid()}.wlmail"
        target = path / ("cur" if seen else "new") / (f"{name}:2,S" if seen else name)
        target.write_bytes(data)
        self._own()
        return target

    def messages(self, user: str, folder: str = "INBOX") -> list[Path]:
        path = self.mailbox(user, folder)
        return sorted([*(path / "new").iterdir(), *(path / "cur").iterdir()])

    def clear(self, user: str) -> None:
        """Empty every folder of ``user`` (between tests; Dovecot rescans the maildir)."""
        base = self.root / "mail" / user
        shutil.rmtree(base, ignore_errors=True)
        (self.root / "home" / user).mkdir(parents=True, exist_ok=True)
        self.mailbox(user)
        self._own()

    # ---- helpers -----------------------------------------------------------------------------
    def _own(self) -> None:
        for sub in ("mail", "home"):
            subprocess.run(["chown", "-R", "nobody:nogroup", str(self.root / sub)], check=True)

    def _pid(self) -> int:
        """The master's pid, which it may write a moment after the command returned.

        The file appears before its content: it is created empty and the pid is written
        next, so a read without the final line break is retried rather than parsed.
        """
        path = self.root / "run" / "master.pid"
        deadline = time.monotonic() + 15
        while True:
            text = path.read_text() if path.exists() else ""
            if text.endswith("\n") and text.strip().isdigit():
                return int(text)
            if time.monotonic() > deadline:
                logs = [self.root / "start.log", self.root / "dovecot.log"]
                text = "".join(p.read_text(errors="replace") for p in logs if p.exists())
                raise RuntimeError(f"dovecot did not start:\n{text[-2000:]}")
            time.sleep(0.05)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 15
        for name, port in self.ports.items():
            while True:
                try:
                    with socket.create_connection((BIND, port), timeout=1) as sock:
                        # a TLS port says nothing before the handshake
                        if name.endswith("s") or sock.recv(64):
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    log = (self.root / "dovecot.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"dovecot did not start on port {port}:\n{log}")
                time.sleep(0.05)
