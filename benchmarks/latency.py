"""SMTP over a network with latency: wlmail against the Python clients a user would write.

    python benchmarks/latency.py --quick     # smtp-sink, 200 messages, RTT 0/4/20 ms: ~1.5 min
    python benchmarks/latency.py             # + aiosmtpd, + 2,000 messages, 3 rounds: ~40 min
    python benchmarks/latency.py --readme    # also rewrite the README's latency table

Every client is a child process that sends the same messages over one connection (smtplib ×4:
four connections, a quarter each) to ``127.0.0.1``, through a delay proxy in this process that
holds every chunk RTT/2 in each direction (loopback only, bounded: it stops with the run). The
proxy also counts the *waits*: each time a client writes after the server has spoken, it had
to wait for that answer; per message = (waits - 2 per connection for EHLO and QUIT) / messages.

Servers that advertise PIPELINING: Postfix's ``smtp-sink`` (a C sink that does not compete for
the CPU; Debian package ``postfix``: ``DEBIAN_FRONTEND=noninteractive apt-get install -y
postfix``) and aiosmtpd with PIPELINING added to its EHLO answer, in its own process.

Clients: ``wlmail run`` with a synchronous session (2 waits a message: MAIL+RCPT+DATA in one
write, then the text), with ``Asynchrone = Vrai`` (1 wait: each text leaves with the next
message's commands), hand-written ``smtplib``, ``aiosmtplib``, and 4 threads of ``smtplib``.
The medians of the rounds are kept (the clients alternate within a round).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = os.pathsep.join([str(ROOT), ENV.get("PYTHONPATH", "")]).rstrip(os.pathsep)
BEGIN, END = "<!-- latency table: begin -->", "<!-- latency table: end -->"
#: no client run may take longer than this (the benchmark is bounded)
CHILD_LIMIT = 600.0

WL = """\
s est un emailSessionSMTP
s.AdresseServeur = "smtp.bench.test"
{asynchronous}
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

PY_COMMON = """\
import sys
from email.message import EmailMessage

def message(i):
    m = EmailMessage()
    m["From"] = "equipe@exemple.fr"
    m["To"] = f"client{i}@exemple.fr"
    m["Subject"] = f"Votre relevé n° {i}"
    m.set_content(f"Bonjour client {i},\\r\\nvoici votre relevé du mois.")
    return m

port, n = int(sys.argv[1]), int(sys.argv[2])
"""
SMTPLIB = (
    PY_COMMON
    + """\
import smtplib
with smtplib.SMTP("127.0.0.1", port, local_hostname="bench.local") as smtp:
    for i in range(1, n + 1):
        smtp.send_message(message(i))
"""
)
SMTPLIB_THREADS = (
    PY_COMMON
    + """\
import smtplib
from concurrent.futures import ThreadPoolExecutor

def part(k):
    with smtplib.SMTP("127.0.0.1", port, local_hostname="bench.local") as smtp:
        for i in range(1 + k, n + 1, 4):
            smtp.send_message(message(i))

with ThreadPoolExecutor(4) as pool:
    list(pool.map(part, range(4)))
"""
)
AIOSMTPLIB = (
    PY_COMMON
    + """\
import asyncio
import aiosmtplib

async def main():
    async with aiosmtplib.SMTP(hostname="127.0.0.1", port=port, start_tls=False,
                               local_hostname="bench.local") as smtp:
        for i in range(1, n + 1):
            await smtp.send_message(message(i))

asyncio.run(main())
"""
)
AIOSMTPD_SINK = """\
import asyncio, sys
from aiosmtpd.smtp import SMTP

class Handler:
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_DATA(self, server, session, envelope):
        return "250 2.0.0 Ok: queued"

async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(Handler(), hostname="sink.test"),
                                      "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await loop.run_in_executor(None, sys.stdin.read)  # until the benchmark closes our stdin

asyncio.run(main())
"""


# ---- the delay proxy -----------------------------------------------------------------------------
@dataclass
class Proxy:
    """127.0.0.1:port → upstream, holding each chunk ``rtt / 2`` seconds in each direction."""

    upstream: int
    rtt: float = 0.0
    waits: int = 0
    connections: int = 0
    port: int = 0
    _loop: asyncio.AbstractEventLoop = field(default_factory=asyncio.new_event_loop)

    def start(self) -> Proxy:
        threading.Thread(target=self._loop.run_forever, daemon=True).start()
        server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._serve, "127.0.0.1", 0), self._loop
        ).result(10)
        self._server = server
        self.port = server.sockets[0].getsockname()[1]
        return self

    def reset(self, rtt: float) -> None:
        self.rtt, self.waits, self.connections = rtt, 0, 0

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)

    async def _serve(self, client_r: Any, client_w: Any) -> None:
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.upstream)
        except OSError:
            client_w.close()
            return
        last = [""]
        waits = [0]

        def heard(side: str) -> None:
            if side == "client" and last[0] == "server":
                waits[0] += 1
            last[0] = side

        await asyncio.gather(
            self._pump(client_r, server_w, lambda: heard("client")),
            self._pump(server_r, client_w, lambda: heard("server")),
            return_exceptions=True,
        )
        self.waits += waits[0]
        self.connections += 1

    async def _pump(self, reader: Any, writer: Any, heard: Any) -> None:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()
        delay = self.rtt / 2

        async def deliver() -> None:
            while True:
                due, data = await queue.get()
                if not data:
                    break
                if due > loop.time():
                    await asyncio.sleep(due - loop.time())
                writer.write(data)
                await writer.drain()
            writer.close()

        sender = loop.create_task(deliver())
        try:
            while data := await reader.read(1 << 16):
                heard()
                queue.put_nowait((loop.time() + delay, data))
        except OSError:
            pass
        queue.put_nowait((0.0, b""))
        await sender


# ---- servers and clients -------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_listening(port: int, seconds: float = 10.0) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


def start_server(name: str, tmp: Path) -> tuple[subprocess.Popen[str], int]:
    if name == "smtp-sink":
        binary = shutil.which("smtp-sink") or "/usr/sbin/smtp-sink"
        if not Path(binary).exists():
            raise SystemExit(
                "smtp-sink is missing: DEBIAN_FRONTEND=noninteractive apt-get install -y postfix"
            )
        port = free_port()
        proc = subprocess.Popen(
            [binary, *_user(), "-h", "sink.test", f"127.0.0.1:{port}", "256"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        wait_listening(port)
        return proc, port
    script = tmp / "aiosmtpd_sink.py"
    script.write_text(AIOSMTPD_SINK, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    port = int(proc.stdout.readline())
    return proc, port


def _user() -> list[str]:
    """smtp-sink refuses to run as root without ``-u``: the ``postfix`` user, or nobody."""
    if os.geteuid() != 0:
        return []
    import pwd

    for name in ("postfix", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return ["-u", name]
    return []


def stop_server(proc: subprocess.Popen[str]) -> None:
    if proc.stdin is not None:
        proc.stdin.close()
    proc.terminate()
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


CLIENTS = ["wlmail", "wlmail async", "smtplib", "aiosmtplib", "smtplib x4"]


def client_command(client: str, tmp: Path, port: int, n: int) -> list[str]:
    if client.startswith("wlmail"):
        asynchronous = "s.Asynchrone = Vrai" if client.endswith("async") else ""
        script = tmp / f"load-{n}-{len(asynchronous)}.wl"
        script.write_text(WL.format(n=n, asynchronous=asynchronous), encoding="utf-8")
        route = f"smtp.bench.test:25:127.0.0.1:{port}"
        return [sys.executable, "-m", "wlmail", "run", "--connect-to", route, str(script)]
    source = {"smtplib": SMTPLIB, "aiosmtplib": AIOSMTPLIB, "smtplib x4": SMTPLIB_THREADS}
    script = tmp / ("client_" + re.sub(r"\W", "_", client) + ".py")
    script.write_text(source[client], encoding="utf-8")
    return [sys.executable, str(script), str(port), str(n)]


@dataclass
class Run:
    wall: float
    cpu: float
    waits: float


def run_client(cmd: list[str], proxy: Proxy, rtt: float, n: int) -> Run:
    proxy.reset(rtt)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
    try:
        _, err = proc.communicate(timeout=CHILD_LIMIT)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    wall = time.perf_counter() - start
    if proc.returncode != 0 or err.strip():
        raise RuntimeError(f"{cmd[-1]}: exit {proc.returncode}: {err.decode()[-500:]}")
    for _ in range(100):  # the proxy counts a connection once both directions closed
        if proxy.connections:
            break
        time.sleep(0.01)
    cpu = _children_cpu()
    waits = (proxy.waits - 2 * proxy.connections) / n
    return Run(wall, cpu, waits)


_CPU = [0.0]


def _children_cpu() -> float:
    """CPU seconds (user + system) of the child that just ended."""
    usage = os.times()
    total = usage.children_user + usage.children_system
    spent, _CPU[0] = total - _CPU[0], total
    return spent


# ---- the measurement -----------------------------------------------------------------------------
Row = tuple[str, ...]


def measure(
    server: str, rtts: list[float], loads: list[int], rounds: dict[int, int], tmp: Path
) -> list[Row]:
    proc, port = start_server(server, tmp)
    proxy = Proxy(port).start()
    rows: list[Row] = []
    try:
        # what a client costs with no message (start, connect, EHLO, QUIT), at RTT 0: the
        # CPU column is the cost of the messages alone
        idle: dict[str, list[float]] = {c: [] for c in CLIENTS}
        for _ in range(rounds[min(loads)]):
            for client in CLIENTS:
                cmd = client_command(client, tmp, proxy.port, 0)
                idle[client].append(run_client(cmd, proxy, 0.0, 1).cpu)
        startup = {client: statistics.median(idle[client]) for client in CLIENTS}
        for rtt in rtts:
            for n in loads:
                runs: dict[str, list[Run]] = {c: [] for c in CLIENTS}
                # RTT 0 is cheap and the noisiest (the machine's other work shows): more rounds
                for _ in range(rounds[n] if rtt else max(rounds[n], 5)):
                    for client in CLIENTS:
                        cmd = client_command(client, tmp, proxy.port, n)
                        runs[client].append(run_client(cmd, proxy, rtt / 1000, n))
                base = statistics.median(r.wall for r in runs["smtplib"])
                base_cpu = statistics.median(r.cpu for r in runs["smtplib"]) - startup["smtplib"]
                for client in CLIENTS:
                    wall = statistics.median(r.wall for r in runs[client])
                    cpu = statistics.median(r.cpu for r in runs[client]) - startup[client]
                    waits = statistics.median(r.waits for r in runs[client])
                    rows.append(
                        (
                            server,
                            f"{rtt:g} ms",
                            f"{n:,}",
                            client,
                            f"{wall:.2f} s",
                            f"{wall / base:.2f}x",
                            f"{waits:.2f}",
                            f"{cpu / n * 1000:.2f} ms ({cpu / base_cpu:.2f}x)",
                        )
                    )
                print(f"{server} RTT {rtt:g} ms, {n} messages: done", file=sys.stderr)
    finally:
        proxy.stop()
        stop_server(proc)
    return rows


HEADER = (
    "| server | RTT | messages | client | wall time | vs smtplib | waits/message "
    "| CPU per message (vs smtplib) |\n|---|---|---|---|---|---|---|---|"
)


def table(rows: list[Row]) -> str:
    return "\n".join([HEADER, *("| " + " | ".join(row) + " |" for row in rows)])


def write_readme(text: str, command: str) -> None:
    readme = ROOT / "README.md"
    content = readme.read_text(encoding="utf-8")
    start, end = content.index(BEGIN) + len(BEGIN), content.index(END)
    stamp = f"`{command}` on {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}:"
    readme.write_text(
        content[:start] + "\n" + stamp + "\n\n" + text + "\n" + content[end:], encoding="utf-8"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smtp-sink, 200 messages, 1 round")
    parser.add_argument("--readme", action="store_true", help="rewrite the README's table")
    parser.add_argument("--rtt", default="0,4,20", help="round-trip times in ms")
    parser.add_argument("--rounds", type=int, default=0, help="rounds at every load")
    args = parser.parse_args()
    rtts = [float(x) for x in args.rtt.split(",")]
    if args.quick:
        servers, loads, rounds = ["smtp-sink"], [200], {200: 1}
    else:
        servers, loads, rounds = ["smtp-sink", "aiosmtpd"], [200, 2000], {200: 3, 2000: 1}
    if args.rounds:
        rounds = dict.fromkeys(loads, args.rounds)
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "wlmail")],
        check=True,
        stdout=subprocess.DEVNULL,
        env=ENV,
    )
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        for server in servers:
            rows += measure(server, rtts, loads, rounds, Path(tmp))
    text = table(rows)
    print(text)
    if args.readme:
        flags = " ".join(a for a in sys.argv[1:] if a != "--readme")
        write_readme(text, f"python benchmarks/latency.py {flags}".strip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
