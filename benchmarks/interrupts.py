"""Time from Ctrl-C (SIGINT) to exit of ``wlmail run`` at each SMTP wait.

    python benchmarks/interrupts.py [--rounds 5]

For each stage, a child ``python -m wlmail run`` talks to the raw-socket server of the tests
(``tests/hostile_server.py``), which goes silent at that stage (``--timeout 600``: only the signal
can end the wait). Prints, per stage, the median and the worst over the rounds of: signal → the
client's connection closed (as the server saw it) and signal → process exit. The target
(SECURITY.md §2) is < 1 s; the baseline row is Ctrl-C in a plain ``BOUCLE`` (process teardown);
the OAuth row is a login waiting for its browser callback.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hostile_server import STALL, HostileSMTP  # noqa: E402
from test_interrupts import OPEN_AND_SEND, QUEUED, SERVER, STAGES, oauth_wait  # noqa: E402

from wlmail.sandbox.certs import RunCA  # noqa: E402

WLMAIL = [sys.executable, "-m", "wlmail", "run", "--timeout", "600"]


def one(source: str, srv: HostileSMTP | None, wait_line: str) -> tuple[float, float]:
    """(signal → connection closed, signal → exit) of one run, in seconds (no connection
    to watch when connect stalls: both are the exit)."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "s.wl"
        script.write_text(textwrap.dedent(source), encoding="utf-8")
        port = srv.port if srv is not None else 1
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1", "BROWSER": "true"}
        proc = subprocess.Popen(
            [*WLMAIL, str(script), "--connect-to", f"{SERVER}:25:127.0.0.1:{port}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        while proc.stdout.readline().rstrip("\n") != wait_line:
            pass
        if srv is not None and not srv.stall_connect:
            assert srv.wait_stalled(), "the server never went silent"
        time.sleep(0.2)
        started = time.monotonic()
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=30)
        exited = time.monotonic() - started
        _, err = proc.communicate()
        assert code == 130, (code, err)
        closed = exited
        if srv is not None and not srv.stall_connect:
            assert srv.wait_ended(), "the connection was left open"
            closed = max(c.ended_at for c in srv.connections) - started
        return closed, exited


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    tls = RunCA([SERVER]).server_context()
    cases: list[tuple[str, dict[str, Any] | None, str, str, bool]] = [
        ("baseline: BOUCLE", None, 'Info("prêt")\nBOUCLE\nFIN\n', "prêt", False),
    ]
    cases.append(("connect", {}, OPEN_AND_SEND.format(extra=""), "ouverture", False))
    for stage, (script, extra, _printed) in STAGES.items():
        cases.append((stage, dict(script), OPEN_AND_SEND.format(extra=extra), "ouverture", True))
    cases.append(("exit drain (async)", {"END#2": STALL}, QUEUED, "en file", False))
    cases.append(("OAuth callback wait", None, oauth_wait(_free_port()), "connexion", False))
    print(f"| stage | signal → connection closed | signal → exit | ({rounds} rounds: median / max)")
    print("|---|---|---|")
    for name, script, source, line, _ in cases:
        closed, exited = [], []
        for _ in range(rounds):
            if script is None:
                c, e = one(source, None, line)
            else:
                hostile = HostileSMTP(script, tls=tls, auth=True, stall_connect=name == "connect")
                with hostile as srv:
                    c, e = one(source, srv, line)
            closed.append(c)
            exited.append(e)
        print(
            f"| {name} | {statistics.median(closed) * 1000:.0f} / {max(closed) * 1000:.0f} ms "
            f"| {statistics.median(exited) * 1000:.0f} / {max(exited) * 1000:.0f} ms |"
        )


if __name__ == "__main__":
    main()
