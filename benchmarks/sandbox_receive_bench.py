"""The sandbox POP3 and IMAP servers over a large outbox (issue 12, item 5).

    python benchmarks/sandbox_receive_bench.py [--messages 10000] [--read 1000]

Writes ``--messages`` small ``.eml`` files to a temporary outbox, then measures (median of 3):

* loading that outbox into the sandbox mailbox (what ``--sandbox`` does at start);
* reading the headers of ``--read`` messages one by one with Python's ``imaplib`` (UID FETCH
  BODY.PEEK[HEADER]) and ``poplib`` (TOP n 0) against the sandbox servers;
* ``wlmail run --sandbox`` of a script that counts the mailbox over IMAP and over POP3
  (EmailNbMessage, no message read), wall time and peak RSS of the whole run.
"""

from __future__ import annotations

import argparse
import asyncio
import imaplib
import poplib
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wlmail.sandbox.certs import RunCA  # noqa: E402
from wlmail.sandbox.imap_server import SandboxIMAP  # noqa: E402
from wlmail.sandbox.mailstore import SandboxMailbox  # noqa: E402
from wlmail.sandbox.pop3_server import SandboxPOP3  # noqa: E402

COUNT = """
EmailOuvreSession{proto}("u", "p", "{host}", {port}, optionSSL)
Info(EmailNbMessage("u"))
EmailFermeSession("u")
"""


def median(fn: Callable[[], None], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10000)
    parser.add_argument("--read", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        outbox = Path(tmp) / "outbox"
        outbox.mkdir()
        for n in range(1, args.messages + 1):
            (outbox / f"{n:05d}-m.eml").write_bytes(
                f"From: b@x.fr\nSubject: m{n}\nMessage-ID: <m{n}@x>\n\nbody {n}\n".encode()
            )
        box = SandboxMailbox()
        load = median(lambda: SandboxMailbox().load_outbox(outbox))
        box.load_outbox(outbox)
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, daemon=True)
        thread.start()

        def call(coro: object) -> None:
            asyncio.run_coroutine_threadsafe(coro, loop).result(60)  # type: ignore[arg-type]

        ca = RunCA()
        imap, pop = SandboxIMAP(box, ca), SandboxPOP3(box, ca)
        call(imap.start())
        call(pop.start())

        def with_imaplib() -> None:
            client = imaplib.IMAP4("127.0.0.1", imap.plain_port)
            client.login("u", "p")
            client.select()
            uids = client.uid("SEARCH", "ALL")[1][0].split()
            for uid in uids[: args.read]:
                client.uid("FETCH", uid, "(UID FLAGS BODY.PEEK[HEADER])")
            client.logout()

        def with_poplib() -> None:
            client = poplib.POP3("127.0.0.1", pop.plain_port)
            client.user("u")
            client.pass_("p")
            client.uidl()
            for n in range(1, args.read + 1):
                client.top(n, 0)
            client.quit()

        rows = [
            (f"load an outbox of {args.messages} .eml", load),
            (f"imaplib: headers of {args.read} messages", median(with_imaplib)),
            (f"poplib: headers of {args.read} messages", median(with_poplib)),
        ]
        call(imap.stop())
        call(pop.stop())
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        for proto, host, port in (("IMAP", "imap.x.fr", 993), ("POP3", "pop.x.fr", 995)):
            script = Path(tmp) / f"count-{proto}.wl"
            script.write_text(COUNT.format(proto=proto, host=host, port=port), encoding="utf-8")
            command = [sys.executable, "-m", "wlmail", "run", "--sandbox", str(script)]
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, cwd=tmp, check=True)
            assert done.stdout.strip() == str(args.messages), done.stderr
            rows.append((f"wlmail run --sandbox: {proto} count", time.perf_counter() - start))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        for label, seconds in rows:
            print(f"{label:<45} {seconds:8.3f} s")
        print(f"{'peak RSS of the wlmail runs':<45} {peak:8.1f} MiB")


if __name__ == "__main__":
    main()
