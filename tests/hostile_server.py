"""A raw-socket SMTP server on loopback, scripted per test: the hostile network of the suites.

It runs in its own threads (so a test can drive a child process or an in-process run alike),
binds 127.0.0.1 on a free port, and stops itself at the end of its ``with`` block, closing every
connection still open::

    with HostileSMTP({"MAIL": STALL}) as srv:
        ... connect to 127.0.0.1:srv.port ...
        assert srv.wait_stalled()
    srv.connections[0].commands     # ["EHLO …", "MAIL FROM:<…>"]
    srv.connections[0].after_stall  # what the client still sent once the server went silent

``script`` maps a stage to what the server does instead of its normal answer. Stages:
``"banner"`` (the greeting), each command verb (``"EHLO"``, ``"STARTTLS"``, ``"AUTH"``,
``"MAIL"``, ``"RCPT"``, ``"DATA"``, ``"RSET"``, ``"QUIT"``…) and ``"END"`` (after the final dot of
the content). ``"MAIL#2"`` applies to the second MAIL only (counted over all connections). A
value is a step or a list of steps, played in order:

* a ``str``: a reply line or lines (CRLF added; ``"421 …"`` does not hang up by itself);
* ``bytes``: sent exactly as given (garbage, escape sequences, no CRLF, 10 MB…);
* :data:`STALL`: answer nothing more; read (and keep) what the client sends until it hangs up;
* :data:`DROP`: close the connection at once;
* :class:`Pause`: wait that many seconds (a slow answer).

``stall_connect=True`` makes a listener whose accept queue is full and never served: a client's
TCP connect then hangs (the kernel drops its SYNs), the "connect" stage of a stall matrix.
STARTTLS is advertised and honoured when ``tls`` (a server ``ssl.SSLContext``) is given;
AUTH PLAIN is advertised when ``auth`` is true and always accepted; PIPELINING (RFC 2920) when
``pipelining`` is true (commands are read from one buffer, so a pipelined group is served in
order). ``Connection.reads`` keeps each chunk received: on loopback, one per client write.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType

__all__ = ["DROP", "STALL", "Connection", "HostileSMTP", "Pause", "Step"]

BIND = "127.0.0.1"


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


STALL = _Marker("STALL")
DROP = _Marker("DROP")


@dataclass(frozen=True)
class Pause:
    seconds: float


Step = str | bytes | _Marker | Pause


@dataclass
class Connection:
    """What happened on one connection, as the server saw it."""

    number: int
    commands: list[str] = field(default_factory=list)
    #: the stage at which the server went silent, and when (time.monotonic())
    stalled: str = ""
    stalled_at: float = 0.0
    #: bytes the client sent after the server went silent (a QUIT, the rest of a message…)
    after_stall: bytes = b""
    #: "client" (the client hung up), "server" (DROP, QUIT answered, or the server stopping)
    ended_by: str = ""
    ended_at: float = 0.0
    tls: bool = False
    #: every chunk received, in order (on loopback: one per write of the client)
    reads: list[bytes] = field(default_factory=list)

    @property
    def verbs(self) -> list[str]:
        return [c.split(" ", 1)[0].upper() for c in self.commands]


class _Stop(Exception):
    """The connection is over (dropped, client gone, server stopping)."""


class HostileSMTP:
    """See the module docstring."""

    def __init__(
        self,
        script: dict[str, Step | Sequence[Step]] | None = None,
        *,
        tls: ssl.SSLContext | None = None,
        auth: bool = False,
        stall_connect: bool = False,
        name: str = "hostile.test",
        pipelining: bool = False,
    ) -> None:
        self.script = dict(script or {})
        self.tls = tls
        self.auth = auth
        self.stall_connect = stall_connect
        self.pipelining = pipelining
        self.name = name
        self.connections: list[Connection] = []
        self.messages: list[bytes] = []
        self.seen: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._sockets: list[socket.socket] = []
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((BIND, 0))
        self.port: int = self._listener.getsockname()[1]

    # ---- life cycle -------------------------------------------------------------------------
    def __enter__(self) -> HostileSMTP:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> HostileSMTP:
        if self.stall_connect:
            self._listener.listen(0)
            self._fill_accept_queue()
            return self
        self._listener.listen(16)
        self._listener.settimeout(0.05)
        self._spawn(self._accept_loop)
        return self

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=5)
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            sock.close()
        self._listener.close()

    # ---- what tests wait for ----------------------------------------------------------------
    def wait_stalled(self, seconds: float = 15.0) -> bool:
        """True once some connection went silent (a STALL was reached)."""
        return self._wait(lambda: any(c.stalled for c in self.connections), seconds)

    def wait_ended(self, seconds: float = 5.0) -> bool:
        """True once every connection is over."""
        return self._wait(lambda: all(c.ended_by for c in self.connections), seconds)

    @staticmethod
    def _wait(predicate: object, seconds: float) -> bool:
        assert callable(predicate)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if predicate():
                return True
            time.sleep(0.01)
        return bool(predicate())

    # ---- internals --------------------------------------------------------------------------
    def _spawn(self, target: object, *args: object) -> None:
        assert callable(target)
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads.append(thread)
        thread.start()

    def _fill_accept_queue(self) -> None:
        """Connect to our own never-accepting listener until a connect no longer completes."""
        for _ in range(8):
            probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            probe.setblocking(False)
            self._sockets.append(probe)
            with contextlib.suppress(BlockingIOError):
                probe.connect((BIND, self.port))
            writable = _writable(probe, 0.2)
            if not writable:
                return  # this SYN is being dropped: the queue is full
        raise RuntimeError("could not fill the accept queue")

    def _accept_loop(self) -> None:
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                conn = Connection(len(self.connections) + 1)
                self.connections.append(conn)
                self._sockets.append(sock)
            self._spawn(self._serve, sock, conn)

    def _steps(self, stage: str) -> list[Step] | None:
        with self._lock:
            self.seen[stage] = count = self.seen.get(stage, 0) + 1
        found = self.script.get(f"{stage}#{count}", self.script.get(stage))
        if found is None:
            return None
        if isinstance(found, str | bytes | _Marker | Pause):
            return [found]
        return list(found)

    def _serve(self, sock: socket.socket, conn: Connection) -> None:
        io = _IO(sock, self._stopping, conn.reads)
        try:
            self._session(io, conn)
            conn.ended_by = conn.ended_by or "server"
        except _Stop as stop:
            conn.ended_by = conn.ended_by or str(stop) or "server"
        except (OSError, ssl.SSLError):
            conn.ended_by = conn.ended_by or "client"
        finally:
            conn.ended_at = conn.ended_at or time.monotonic()
            with contextlib.suppress(OSError):
                io.sock.close()

    def _say(self, io: _IO, conn: Connection, stage: str, normal: str) -> str:
        """Play the script for ``stage`` (or answer ``normal``); returns the text answered."""
        steps = self._steps(stage)
        if steps is None:
            io.send(normal.encode() + b"\r\n")
            return normal
        answered = ""
        for step in steps:
            if step is STALL:
                conn.stalled, conn.stalled_at = stage, time.monotonic()
                conn.after_stall = io.drain()  # until the client hangs up
                conn.ended_by, conn.ended_at = "client", time.monotonic()
                raise _Stop("client")
            if step is DROP:
                raise _Stop("server")
            if isinstance(step, Pause):
                io.sleep(step.seconds)
            elif isinstance(step, bytes):
                io.send(step)
                answered += step.decode("latin-1")
            elif isinstance(step, str):
                io.send(step.encode("utf-8") + b"\r\n")
                answered += step
        return answered

    def _session(self, io: _IO, conn: Connection) -> None:
        self._say(io, conn, "banner", f"220 {self.name} ESMTP")
        while True:
            line = io.readline()
            text = line.decode("utf-8", "replace").rstrip("\r\n")
            conn.commands.append(text)
            verb = text.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                caps = [self.name, "8BITMIME", "SIZE 100000000"]
                if self.tls is not None and not conn.tls:
                    caps.append("STARTTLS")
                if self.auth:
                    caps.append("AUTH PLAIN")
                if self.pipelining:
                    caps.append("PIPELINING")
                caps.append("HELP")
                self._say(
                    io,
                    conn,
                    verb,
                    "\r\n".join([f"250-{c}" for c in caps[:-1]] + [f"250 {caps[-1]}"]),
                )
            elif verb == "STARTTLS" and self.tls is not None and not conn.tls:
                if self._say(io, conn, "STARTTLS", "220 2.0.0 Ready to start TLS").startswith(
                    "220"
                ):
                    io.start_tls(self.tls)
                    conn.tls = True
            elif verb == "AUTH":
                self._say(io, conn, "AUTH", "235 2.7.0 Authentication successful")
            elif verb == "MAIL":
                self._say(io, conn, "MAIL", "250 2.1.0 OK")
            elif verb == "RCPT":
                self._say(io, conn, "RCPT", "250 2.1.5 OK")
            elif verb == "DATA":
                if not self._say(
                    io, conn, "DATA", "354 End data with <CR><LF>.<CR><LF>"
                ).startswith("354"):
                    continue
                content = io.read_data()
                if self._say(io, conn, "END", "250 2.0.0 queued").startswith("250"):
                    self.messages.append(content)
            elif verb in ("RSET", "NOOP"):
                self._say(io, conn, verb, "250 2.0.0 OK")
            elif verb == "QUIT":
                self._say(io, conn, "QUIT", "221 2.0.0 Bye")
                raise _Stop("server")
            else:
                self._say(io, conn, verb, "502 5.5.2 Command not implemented")


class _IO:
    """Blocking reads on a socket that give up when the server stops (checked every 50 ms)."""

    def __init__(self, sock: socket.socket, stopping: threading.Event, reads: list[bytes]) -> None:
        self.sock: socket.socket = sock
        self.stopping = stopping
        self.reads = reads
        self.buffer = b""
        sock.settimeout(0.05)

    def _recv(self) -> bytes:
        while not self.stopping.is_set():
            try:
                data = self.sock.recv(65536)
            except TimeoutError:
                continue
            except ssl.SSLWantReadError:
                continue
            except ConnectionResetError:
                raise _Stop("client") from None
            if not data:
                raise _Stop("client")
            self.reads.append(data)
            return data
        raise _Stop("server")

    def readline(self) -> bytes:
        while b"\n" not in self.buffer:
            if len(self.buffer) > 1_000_000:
                raise _Stop("server")
            self.buffer += self._recv()
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line + b"\n"

    def read_until(self, end: bytes) -> bytes:
        while end not in self.buffer:
            self.buffer += self._recv()
        content, _, self.buffer = self.buffer.partition(end)
        return content + b"\r\n"

    def read_data(self) -> bytes:
        """The content after DATA, up to the line with a lone dot (which may be the first)."""
        self.buffer = b"\r\n" + self.buffer
        return self.read_until(b"\r\n.\r\n")[2:]

    def drain(self) -> bytes:
        """Everything the client sends until it hangs up (or the server stops)."""
        got, self.buffer = self.buffer, b""
        with contextlib.suppress(_Stop, OSError):
            while True:
                got += self._recv()
        return got

    def send(self, data: bytes) -> None:
        self.sock.settimeout(5)
        try:
            self.sock.sendall(data)
        finally:
            self.sock.settimeout(0.05)

    def sleep(self, seconds: float) -> None:
        if self.stopping.wait(seconds):
            raise _Stop("server")

    def start_tls(self, context: ssl.SSLContext) -> None:
        self.buffer = b""  # a client's plaintext sent early is not carried into TLS
        self.sock.settimeout(5)
        self.sock = context.wrap_socket(self.sock, server_side=True)
        self.sock.settimeout(0.05)


def _writable(sock: socket.socket, seconds: float) -> bool:
    import select

    _, ready, _ = select.select([], [sock], [], seconds)
    return bool(ready)
