"""Reading the headers of 1,000 messages over one IMAP and one POP3 session, side by side:

    python benchmarks/receive_bench.py [--messages 1000] [--rounds 5] [--bodies]

wlmail (`wlmail run` of a script calling EmailRécupèreTout, which parses every header into an
Email) against a hand-written loop of Python's own imaplib / poplib that fetches and parses the
same headers, on the same private Dovecot (tests/dovecot.py; needs Debian's dovecot, as root).
Both sides are whole processes (start-up included), alternated, medians kept; prints a table.
With ``--bodies`` both sides read every whole message instead (wlmail: the body of each element
of the array, read on first use; the loops: BODY.PEEK[] / RETR and a full parse).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import trustme  # noqa: E402
from dovecot import BIND, HOST, Dovecot  # noqa: E402

WL_IMAP = """
s est une emailSessionIMAP
s.AdresseServeur = "{host}"
s.Nom = "alice"
s.MotDePasse = "secret"
s.Option = emailOptionSécuriséTLS
EmailOuvreSession(s)
t est un tableau de Email = EmailRécupèreTout(s)
n est un entier
POUR TOUT m DE t
    SI m.Sujet <> "" ALORS n++
FIN
Info(n)
EmailFermeSession(s)
"""
WL_POP3 = WL_IMAP.replace("emailSessionIMAP", "emailSessionPOP3")

PY_IMAP = """
import imaplib, ssl, sys
from email.parser import BytesHeaderParser
from email import policy
ctx = ssl.create_default_context(cafile=sys.argv[2])
imap = imaplib.IMAP4("{bind}", int(sys.argv[1]))
imap.starttls(ssl_context=ctx)
imap.login("alice", "secret")
imap.select("INBOX")
parser = BytesHeaderParser(policy=policy.default)
n = 0
for uid in imap.uid("SEARCH", None, "ALL")[1][0].split():
    data = imap.uid("FETCH", uid, "(BODY.PEEK[HEADER])")[1][0][1]
    if parser.parsebytes(data)["Subject"]:
        n += 1
print(n)
imap.logout()
"""
PY_POP3 = """
import poplib, ssl, sys
from email.parser import BytesHeaderParser
from email import policy
ctx = ssl.create_default_context(cafile=sys.argv[2])
pop = poplib.POP3("{bind}", int(sys.argv[1]))
pop.stls(context=ctx)
pop.user("alice")
pop.pass_("secret")
parser = BytesHeaderParser(policy=policy.default)
n = 0
for i in range(1, pop.stat()[0] + 1):
    data = b"\\r\\n".join(pop.top(i, 0)[1])
    if parser.parsebytes(data)["Subject"]:
        n += 1
print(n)
pop.quit()
"""


def whole(program: str) -> str:
    """The same loop reading each whole message and its text body."""
    return (
        program.replace("BytesHeaderParser", "BytesParser")
        .replace("BODY.PEEK[HEADER]", "BODY.PEEK[]")
        .replace("pop.top(i, 0)", "pop.retr(i)")
        .replace('["Subject"]', '.get_body(("plain",)).get_content()')
    )


def message(n: int) -> bytes:
    return (
        f"From: Service Facturation <facturation@exemple.fr>\r\nTo: alice@exemple.fr\r\n"
        f"Subject: =?utf-8?q?Relev=C3=A9_mensuel_n=C2=B0_{n}?=\r\n"
        f"Date: Thu, 03 Dec 2026 08:00:00 +0000\r\nMessage-ID: <{n}@exemple.fr>\r\n"
        f"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        + "Bonjour,\r\nvoici votre relevé.\r\n"
        * 40
    ).encode()


def timed(args: list[str], expected: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or done.stdout.strip() != expected:
        raise SystemExit(f"{args[:4]} failed: {done.returncode} {done.stdout!r} {done.stderr!r}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--bodies", action="store_true", help="read whole messages")
    opts = parser.parse_args()
    ca = trustme.CA()
    server = Dovecot(ca).start()
    try:
        for n in range(opts.messages):
            server.deliver("alice", message(n))
        work = Path(tempfile.mkdtemp(prefix="wlmail-bench-"))
        cafile = work / "ca.pem"
        ca.cert_pem.write_to_path(cafile)
        rows = []
        for name, wl, py, port in (
            ("IMAP", WL_IMAP, PY_IMAP, server.ports["imap"]),
            ("POP3", WL_POP3, PY_POP3, server.ports["pop3"]),
        ):
            script, program = work / f"{name}.wl", work / f"{name}.py"
            if opts.bodies:
                wl, py = wl.replace("m.Sujet", "m.Message"), whole(py)
            script.write_text(wl.format(host=HOST), encoding="utf-8")
            program.write_text(py.format(bind=BIND), encoding="utf-8")
            plain = 143 if name == "IMAP" else 110
            wl_args = [sys.executable, "-m", "wlmail", "run", "--cafile", str(cafile)]
            wl_args += ["--connect-to", f"{HOST}:{plain}:{BIND}:{port}", str(script)]
            py_args = [sys.executable, str(program), str(port), str(cafile)]
            expected = str(opts.messages)
            times_wl, times_py = [], []
            for _ in range(opts.rounds):
                times_wl.append(timed(wl_args, expected))
                times_py.append(timed(py_args, expected))
            a, b = statistics.median(times_wl), statistics.median(times_py)
            rows.append((name, a, b))
        what = "whole messages" if opts.bodies else "headers"
        print(f"{what} of {opts.messages} messages, one session, medians of {opts.rounds}")
        print(f"{'protocol':<9}{'wlmail':>10}{'stdlib loop':>13}{'ratio':>8}")
        for name, a, b in rows:
            print(f"{name:<9}{a:>9.3f}s{b:>12.3f}s{a / b:>7.2f}x")
    finally:
        server.stop()
        if os.environ.get("WLMAIL_BENCH_KEEP") is None:
            subprocess.run(["rm", "-rf", str(work)], check=False)


if __name__ == "__main__":
    main()
