"""wlmail benchmarks, side by side with what a user would use instead; ratios, not seconds.

    python benchmarks/bench.py [--quick] [--only startup,parse,eval]

Each measurement alternates the two sides several times and keeps the medians (absolute
times on shared 2-core machines drift; ratios of interleaved runs do not). Prints a table.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_legacy import generate  # noqa: E402

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
Row = tuple[str, str, str, str, str]


def alternate(a: Callable[[], float], b: Callable[[], float], rounds: int) -> tuple[float, float]:
    """Run a, b, a, b… and return the two medians."""
    ta, tb = [], []
    for _ in range(rounds):
        ta.append(a())
        tb.append(b())
    return statistics.median(ta), statistics.median(tb)


def timed_process(cmd: list[str]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=ENV)
        return time.perf_counter() - start

    return run


def bench_startup(rounds: int, tmp: Path) -> Row:
    hello = tmp / "hello.wl"
    hello.write_text('Info("Bonjour")\n', encoding="utf-8")
    wl = timed_process([sys.executable, "-m", "wlmail", "run", str(hello)])
    floor = timed_process([sys.executable, "-c", "import lark"])
    wl(), floor()  # warm the caches (grammar tables, .pyc, page cache)
    a, b = alternate(wl, floor, rounds)
    return (
        "startup: wlmail run hello.wl / python -c 'import lark'",
        f"{a * 1000:.0f} ms",
        f"{b * 1000:.0f} ms",
        f"{a / b:.2f}x",
        "<= 1.6x",
    )


def _check_speed(lines: int) -> tuple[float, int]:
    from wlmail.check import check_text

    text = generate(lines)
    start = time.perf_counter()
    check_text(text, "bench.wl")
    return time.perf_counter() - start, text.count("\n")


def bench_parse(rounds: int) -> list[Row]:
    from wlmail.check import check_text

    check_text("Info(1)\n", "warm.wl")
    small = statistics.median(_check_speed(20_000)[0] for _ in range(rounds))
    big = statistics.median(_check_speed(200_000)[0] for _ in range(max(1, rounds // 3)))
    n_small = generate(20_000).count("\n")
    n_big = generate(200_000).count("\n")
    return [
        ("parse + check, 20k lines (lines/s)", f"{n_small / small:,.0f}", "", "", ">= 25,000"),
        ("parse + check, 200k lines (lines/s)", f"{n_big / big:,.0f}", "", "", ">= 25,000"),
        ("parse + check linearity: 200k time / 20k time", f"{big / small:.1f}", "", "", "<= 11"),
    ]


EVAL_WL = """\
nTotal est un entier = 0
sTexte est une chaîne
POUR i = 1 À 200000
	nTotal += i modulo 7
	SI i modulo 1000 = 0 ALORS
		sTexte += "x"
	FIN
FIN
Info(nTotal, Taille(sTexte))
"""
EVAL_PY = """\
total = 0
text = ""
for i in range(1, 200001):
    total += i % 7
    if i % 1000 == 0:
        text += "x"
print(total)
print(len(text))
"""


def bench_eval(rounds: int, tmp: Path) -> Row:
    from wlmail.runtime.driver import Interpreter
    from wlmail.runtime.host import CaptureHost

    def wl() -> float:
        interp = Interpreter(CaptureHost(), "bench.wl")
        _, main = interp.compile(EVAL_WL)
        from wlmail.runtime.state import Frame

        start = time.perf_counter()
        main(Frame(interp.rt.globals))  # type: ignore[operator]
        return time.perf_counter() - start

    code = compile(EVAL_PY, "bench.py", "exec")

    def py() -> float:
        start = time.perf_counter()
        exec(code, {"print": lambda *a: None})
        return time.perf_counter() - start

    a, b = alternate(wl, py, rounds)
    return (
        "evaluation: 200k-iteration loop / same loop in CPython",
        f"{a * 1000:.0f} ms",
        f"{b * 1000:.0f} ms",
        f"{a / b:.1f}x",
        "<= 20x",
    )


MAIL_WL = """\
s est un emailSessionSMTP
s.AdresseServeur = "smtp.bench.test"
SI PAS EmailOuvreSession(s) ALORS
	Erreur(ErreurInfo())
	RETOUR
FIN
POUR i = 1 À {n}
	m est un Email
	m.Expéditeur = "equipe@exemple.fr"
	Ajoute(m.Destinataire, "client" + i + "@exemple.fr")
	m.Sujet = "Votre relevé n° " + i
	m.Message = "Bonjour client " + i + "," + RC + "voici votre relevé du mois."
	SI PAS EmailEnvoieMessage(s, m) ALORS Erreur(ErreurInfo())
FIN
EmailFermeSession(s)
"""
MAIL_PY = """\
import asyncio, sys
from email.message import EmailMessage
import aiosmtplib

async def main(port, n):
    async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False,
                               local_hostname="bench.local") as smtp:
        for i in range(1, n + 1):
            m = EmailMessage()
            m["From"] = "equipe@exemple.fr"
            m["To"] = f"client{i}@exemple.fr"
            m["Subject"] = f"Votre relevé n° {i}"
            m.set_content(f"Bonjour client {i},\\r\\nvoici votre relevé du mois.")
            await smtp.send_message(m)

asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
"""


class Sink:
    """An aiosmtpd server on 127.0.0.1 that counts what it accepts (its own thread and loop)."""

    def __init__(self) -> None:
        import asyncio
        import threading

        self.count = 0
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.server = asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _start(self) -> Any:
        import asyncio

        from aiosmtpd.smtp import SMTP

        sink = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                sink.count += 1
                return "250 OK"

        loop = asyncio.get_running_loop()
        return await loop.create_server(
            lambda: SMTP(Handler(), hostname="sink.local"), "127.0.0.1", 0
        )

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.server.close)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def _child(cmd: list[str]) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one child process.

    The peak is the child's own VmHWM, sampled from /proc until it exits: the rusage of a
    child on Linux keeps the resident high-water mark of the parent it was forked from (across
    exec), which after the 200k-line parse benchmark is hundreds of MiB.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    peak = 0
    status = Path(f"/proc/{proc.pid}/status")
    while proc.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        time.sleep(0.005)
    took = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd[:4]} exited with {proc.returncode}")
    return took, peak


def bench_mail(rounds: int, tmp: Path) -> list[Row]:
    sink = Sink()
    rows: list[Row] = []
    memory: dict[int, int] = {}
    try:
        py = tmp / "loop.py"
        py.write_text(MAIL_PY, encoding="utf-8")
        for n in (500, 5000):
            wl = tmp / f"mailing-{n}.wl"
            wl.write_text(MAIL_WL.format(n=n), encoding="utf-8")
            wl_cmd = [
                sys.executable,
                "-m",
                "wlmail",
                "run",
                "--connect-to",
                f"smtp.bench.test:25:127.0.0.1:{sink.port}",
                str(wl),
            ]
            py_cmd = [sys.executable, str(py), str(sink.port), str(n)]
            peaks: list[int] = []

            def side_wl(cmd: list[str] = wl_cmd, peaks: list[int] = peaks) -> float:
                took, rss = _child(cmd)
                peaks.append(rss)
                return took

            def side_py(cmd: list[str] = py_cmd) -> float:
                return _child(cmd)[0]

            before = sink.count
            a, b = alternate(side_wl, side_py, rounds if n == 500 else max(3, rounds // 3))
            sent = sink.count - before
            memory[n] = max(peaks)
            rows.append(
                (
                    f"mailing loop, {n} messages (sink received {sent})",
                    f"{a:.2f} s",
                    f"{b:.2f} s",
                    f"{a / b:.2f}x",
                    "<= 1.15x",
                )
            )
    finally:
        sink.close()
    rows.append(
        (
            "mailing loop memory: peak RSS at 5000 / at 500",
            f"{memory[5000] / 1024:.1f} MiB",
            f"{memory[500] / 1024:.1f} MiB",
            f"{memory[5000] / memory[500]:.2f}x",
            "flat (~1.0x)",
        )
    )
    return rows


def bench_memory(rounds: int, tmp: Path) -> Row:
    seed = ROOT / "samples" / "doc-emailsessionsmtp-fr.wl"
    cmd = [
        sys.executable,
        "-m",
        "wlmail",
        "run",
        "--sandbox",
        "--outbox",
        str(tmp / "outbox"),
        str(seed),
    ]
    peaks = [_child(cmd)[1] for _ in range(rounds)]
    peak = statistics.median(peaks) / 1024
    return (
        "memory: peak RSS of wlmail run --sandbox on the doc example",
        f"{peak:.1f} MiB",
        "",
        "",
        "<= 60 MiB",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--only", default="startup,parse,eval,mail,memory")
    args = parser.parse_args()
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "wlmail")],
        check=True,
        stdout=subprocess.DEVNULL,
        env=ENV,
    )
    rounds = 5 if args.quick else 15
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        only = set(args.only.split(","))
        if "startup" in only:
            rows.append(bench_startup(rounds, Path(tmp)))
        if "parse" in only:
            rows += bench_parse(3 if args.quick else 5)
        if "eval" in only:
            rows.append(bench_eval(rounds, Path(tmp)))
        if "mail" in only:
            rows += bench_mail(3 if args.quick else 5, Path(tmp))
        if "memory" in only:
            rows.append(bench_memory(3, Path(tmp)))
    print("| measure | wlmail | baseline | ratio | target |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
