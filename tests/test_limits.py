"""Runtime limits (issue 8, SECURITY.md §2).

* Deep recursion of a WLangage procedure is a WLangage error (``trop d'appels imbriqués``) that
  ``QUAND EXCEPTION`` catches, after which the program goes on with its call depth restored.
* ``wlmail run`` stopped by Ctrl-C (SIGINT, in a child process) prints one clean line, exits with
  130 and closes the SMTP session it had open (the server sees QUIT or the connection closed).
* A 20 MB attachment is not held several times over while the message is built or sent, to
  another server or to the sandbox's in the same process (tracemalloc peak against the
  attachment's size; RSS figures for 20 and 50 MB: benchmarks/attachments.py).
"""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import textwrap
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from mail_support import ServerThread, run_wl
from test_faults_more import Fault, FaultSMTP, wait_until

from wlmail.runtime.driver import Interpreter
from wlmail.runtime.host import CaptureHost
from wlmail.sandbox.certs import RunCA
from wlmail.sandbox.smtp_server import SandboxSMTP

ROOT = Path(__file__).resolve().parent.parent
SERVER = "smtp.exemple.test"


# ---- recursion ----------------------------------------------------------------------------------
def test_infinite_recursion_is_caught_by_when_exception_in() -> None:
    result = run_wl(
        """
        QUAND EXCEPTION DANS
            SansFin(1)
        FAIRE
            Info("pris : " + ExceptionInfo())
        FIN
        Info("après")
        PROCÉDURE SansFin(n)
        RENVOYER SansFin(n + 1)
        """
    )
    assert result.code == 0, result.err
    assert result.lines == ["pris : trop d'appels imbriqués (récursivité infinie ?)", "après"]
    assert result.err == ""


def test_infinite_recursion_in_english() -> None:
    result = run_wl(
        """
        WHEN EXCEPTION IN
            Forever(1)
        DO
            Info("caught: " + ExceptionInfo())
        END
        PROCEDURE Forever(n is int)
        RESULT Forever(n + 1)
        """
    )
    assert result.code == 0, result.err
    assert result.lines == ["caught: too many nested calls (infinite recursion?)"]


def test_mutual_and_internal_recursion_are_caught_too() -> None:
    result = run_wl(
        """
        QUAND EXCEPTION DANS
            Ping(1)
        FAIRE
            Info("ping-pong")
        FIN
        QUAND EXCEPTION DANS
            Externe()
        FAIRE
            Info("interne")
        FIN
        PROCÉDURE Ping(n)
        RENVOYER Pong(n) + 1
        PROCÉDURE Pong(n)
        RENVOYER Ping(n) + 1
        PROCÉDURE Externe()
        PROCÉDURE INTERNE Encore(n)
            Encore(n + 1)
        FIN
        Encore(1)
        """
    )
    assert result.code == 0, result.err
    assert result.lines == ["ping-pong", "interne"]


def test_the_call_depth_is_restored_after_a_caught_overflow() -> None:
    result = run_wl(
        """
        POUR i = 1 À 3
            QUAND EXCEPTION DANS
                SansFin(1)
            FAIRE
                Info("débordement " + i)
            FIN
        FIN
        Info(Profond(1, 150))
        PROCÉDURE SansFin(n)
        RENVOYER SansFin(n + 1)
        PROCÉDURE Profond(n, max)
        SI n >= max ALORS RENVOYER n
        RENVOYER Profond(n + 1, max)
        """
    )
    assert result.lines == ["débordement 1", "débordement 2", "débordement 3", "150"], result.err


def test_uncaught_overflow_stops_with_a_located_fatal_error() -> None:
    started = time.monotonic()
    result = run_wl("Info(F(1))\nPROCÉDURE F(n)\nRENVOYER 1 + F(n + 1)\n")
    assert result.code == 70 and result.lines == []
    assert result.err.startswith("t.wl:3:1: erreur fatale: trop d'appels imbriqués")
    assert "Traceback" not in result.err and time.monotonic() - started < 5


def test_legitimate_recursion_up_to_500_calls() -> None:
    result = run_wl(
        "Info(Profond(1))\nPROCÉDURE Profond(n)\nSI n >= 500 ALORS RENVOYER n\n"
        "RENVOYER Profond(n + 1)\n"
    )
    assert result.lines == ["500"], result.err


# ---- Ctrl-C -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def thread() -> Iterator[ServerThread]:
    th = ServerThread()
    yield th
    th.stop()


@pytest.fixture
def sink(thread: ServerThread) -> Iterator[FaultSMTP]:
    srv = thread.call(FaultSMTP(starttls=False, auth=False).start())
    yield srv
    thread.call(srv.stop())


class Child:
    """``wlmail run`` in a child process, interrupted like a user pressing Ctrl-C."""

    def __init__(self, tmp: Path, source: str, *args: str) -> None:
        script = tmp / "script.wl"
        script.write_text(textwrap.dedent(source), encoding="utf-8")
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "wlmail", "run", str(script), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=tmp,
        )

    def wait_for_line(self, expected: str, seconds: float = 15.0) -> None:
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], seconds)
        if not ready:
            self.proc.kill()
            pytest.fail(f"no {expected!r} within {seconds} s: {self.proc.communicate()}")
        line = self.proc.stdout.readline().rstrip("\n")
        assert line == expected, (line, self.proc.stderr and self.proc.stderr.read())

    def interrupt(
        self, *, after: float = 0.3, seconds: float = 10.0
    ) -> tuple[int, str, str, float]:
        time.sleep(after)
        started = time.monotonic()
        self.proc.send_signal(signal.SIGINT)
        try:
            out, err = self.proc.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            pytest.fail(f"still running {seconds} s after Ctrl-C: {err[-500:]}")
        return self.proc.returncode, out, err, time.monotonic() - started


def test_ctrl_c_stops_an_infinite_loop_cleanly(tmp_path: Path) -> None:
    child = Child(tmp_path, 'Info("prêt")\nn est un entier\nBOUCLE\n\tn++\nFIN\n')
    child.wait_for_line("prêt")
    code, out, err, elapsed = child.interrupt()
    assert (code, out, err) == (130, "", "interrompu (Ctrl-C)\n")
    assert elapsed < 5


def test_ctrl_c_message_follows_the_script_language(tmp_path: Path) -> None:
    child = Child(tmp_path, 'Info("ready")\nWHILE True\nEND\n')
    child.wait_for_line("ready")
    code, _out, err, _ = child.interrupt()
    assert (code, err) == (130, "interrupted (Ctrl-C)\n")


def route(srv: FaultSMTP) -> list[str]:
    return ["--connect-to", f"{SERVER}:25:127.0.0.1:{srv.port}", "--timeout", "600"]


def test_ctrl_c_closes_the_open_smtp_session(tmp_path: Path, sink: FaultSMTP) -> None:
    child = Child(
        tmp_path,
        """
        SI PAS EmailOuvreSessionSMTP("alice", "smtp.exemple.test") ALORS Info(ErreurInfo())
        Info("ouverte")
        BOUCLE
        FIN
        """,
        *route(sink),
    )
    child.wait_for_line("ouverte")
    code, _out, err, elapsed = child.interrupt()
    assert (code, err) == (130, "interrompu (Ctrl-C)\n")
    assert wait_until(lambda: sink.closed == sink.connections == 1)
    assert sink.verbs() == ["EHLO", "QUIT"] and elapsed < 5


def test_ctrl_c_while_waiting_for_a_silent_server(tmp_path: Path, sink: FaultSMTP) -> None:
    sink.faults["greeting"] = Fault("silence")
    child = Child(
        tmp_path,
        'Info("connexion")\nEmailOuvreSessionSMTP("alice", "smtp.exemple.test")\nInfo("jamais")\n',
        *route(sink),
    )
    child.wait_for_line("connexion")
    assert wait_until(lambda: sink.connections == 1)
    code, out, err, elapsed = child.interrupt(after=0.2)
    assert (code, out, err) == (130, "", "interrompu (Ctrl-C)\n")
    assert wait_until(lambda: sink.closed == 1) and elapsed < 5


def test_ctrl_c_while_waiting_for_the_final_reply_never_says_sent(
    tmp_path: Path, sink: FaultSMTP
) -> None:
    sink.faults["END"] = Fault("silence")
    child = Child(
        tmp_path,
        """
        EmailOuvreSessionSMTP("alice", "smtp.exemple.test")
        Email.Expéditeur = "alice@exemple.fr"
        Email.Destinataire = "bob@exemple.fr"
        Info("envoi")
        SI EmailEnvoieMessage("alice") ALORS Info("envoyé") SINON Info(ErreurInfo())
        """,
        *route(sink),
    )
    child.wait_for_line("envoi")
    assert wait_until(lambda: "DATA" in sink.verbs())
    code, out, err, elapsed = child.interrupt(after=0.2, seconds=4)
    assert (code, out, err) == (130, "", "interrompu (Ctrl-C)\n")
    assert sink.messages == [] and wait_until(lambda: sink.closed == 1) and elapsed < 5


def test_ctrl_c_with_queued_asynchronous_messages_reports_them(
    tmp_path: Path, sink: FaultSMTP
) -> None:
    child = Child(
        tmp_path,
        """
        EmailOuvreSessionSMTP("alice", "", "smtp.exemple.test", 25, Vrai)
        POUR i = 1 À 3
            Email.Expéditeur = "alice@exemple.fr"
            Email.Destinataire = "bob@exemple.fr"
            EmailEnvoieMessage("alice")
        FIN
        Info("en file")
        BOUCLE
        FIN
        """,
        *route(sink),
    )
    child.wait_for_line("en file")
    code, _out, err, _ = child.interrupt()
    assert code == 130
    # asynchronous sessions send in the background: by Ctrl-C, some may be gone already
    first, *rest = err.splitlines()
    assert first == "interrompu (Ctrl-C)"
    draining = r"envoi de [1-3] email\(s\) asynchrone\(s\) encore en file avant la fin du programme"
    assert len(rest) <= 1 and all(re.fullmatch(draining, line) for line in rest), err
    assert len(sink.messages) == 3 and wait_until(lambda: sink.closed == 1)
    assert sink.verbs()[-1] == "QUIT"


def test_second_ctrl_c_during_the_exit_drain_still_names_what_was_not_sent(
    tmp_path: Path, sink: FaultSMTP
) -> None:
    sink.faults["END#2"] = Fault("silence")
    child = Child(
        tmp_path,
        """
        EmailOuvreSessionSMTP("alice", "", "smtp.exemple.test", 25, Vrai)
        POUR i = 1 À 3
            Email.Expéditeur = "alice@exemple.fr"
            Email.Destinataire = "bob@exemple.fr"
            EmailEnvoieMessage("alice")
        FIN
        Info("en file")
        BOUCLE
        FIN
        """,
        *route(sink),
    )
    child.wait_for_line("en file")
    time.sleep(0.3)
    child.proc.send_signal(signal.SIGINT)  # the drain starts, message 2 waits for its answer
    assert wait_until(lambda: len(sink.messages) == 1 and sink.verbs().count("DATA") == 2)
    code, _out, err, elapsed = child.interrupt(after=0.1)
    assert code == 130 and elapsed < 5 and "Traceback" not in err
    assert "email asynchrone 2 non envoyé" in err and "email asynchrone 3 non envoyé" in err, err


# ---- huge attachments ---------------------------------------------------------------------------
SIZE = 20 * 1024 * 1024


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "gros.bin"
    path.write_bytes(os.urandom(SIZE))
    return path


def _message(big_file: Path, host: CaptureHost) -> Interpreter:
    interp = Interpreter(host, "t.wl")
    interp.execute(
        f"""
m est un Email
m.Expéditeur = "alice@exemple.fr"
m.Destinataire = "bob@exemple.fr"
m.Sujet = "gros"
SI PAS EmailChargeFichierAttaché(m, "{big_file}") ALORS Info(ErreurInfo())
"""
    )
    return interp


def _peak(interp: Interpreter, code: str) -> float:
    """tracemalloc peak while ``code`` runs, in multiples of the attachment's size."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        interp.execute(code)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / SIZE


def test_building_the_source_of_a_20_mb_attachment(big_file: Path) -> None:
    host = CaptureHost()
    interp = _message(big_file, host)
    peak = _peak(interp, "SI PAS EmailConstruitSource(m) ALORS Info(ErreurInfo())")
    host.close()
    assert host.out.getvalue() == ""
    assert peak < 2, f"peak {peak:.1f}x the attachment"  # the Source text alone is 1.35x


def test_sending_a_20_mb_attachment(big_file: Path, thread: ServerThread) -> None:
    sink = thread.call(FaultSMTP(starttls=False, auth=False).start())  # reads and drops chunks
    try:
        host = CaptureHost()
        host.options["connect_to"] = [(SERVER, 0, "127.0.0.1", sink.port)]
        interp = _message(big_file, host)
        interp.execute('EmailOuvreSessionSMTP("alice", "smtp.exemple.test")')
        peak = _peak(interp, 'SI EmailEnvoieMessage("alice", m) ALORS Info("envoyé")')
        host.close()
        assert host.out.getvalue() == "envoyé\n", host.err.getvalue()
        assert peak < 0.5, f"peak {peak:.1f}x the attachment"  # encoded and sent in a stream
    finally:
        thread.call(sink.stop())


def test_sending_a_20_mb_attachment_to_the_sandbox_in_the_same_process(
    big_file: Path, thread: ServerThread, tmp_path: Path
) -> None:
    sandbox = SandboxSMTP(RunCA([SERVER]), outbox=tmp_path / "outbox")
    thread.call(sandbox.start())
    try:
        host = CaptureHost()
        host.options["connect_to"] = [(SERVER, 0, "127.0.0.1", sandbox.starttls_port)]
        interp = _message(big_file, host)
        interp.execute('EmailOuvreSessionSMTP("alice", "smtp.exemple.test")')
        peak = _peak(interp, 'SI EmailEnvoieMessage("alice", m) ALORS Info("envoyé")')
        host.close()
        assert host.out.getvalue() == "envoyé\n", host.err.getvalue()
        assert peak < 0.5, f"peak {peak:.1f}x the attachment"  # the server streams to its file
    finally:
        thread.call(sandbox.stop())
    (record,) = sandbox.messages
    assert record.eml_path is not None and record.size > SIZE * 4 // 3
    assert record.message.get_payload(1).get_content() == big_file.read_bytes()


# ---- a long-lived embedding ---------------------------------------------------------------------
def test_a_long_lived_embedding_does_not_grow() -> None:
    """run_source called again and again (an application embedding wlmail, the REPL): memory
    stays flat. gc.freeze() after each compile used to make every earlier run's garbage
    immortal (1,000 runs: 24 -> 354 MB); only a one-shot ``wlmail run``/``check`` freezes now."""
    import gc
    import socket

    from wlmail.runtime.driver import run_source

    with socket.socket() as probe:  # a port nobody listens on: the connection is refused at once
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = (
        f'SI PAS EmailOuvreSessionSMTP("a", "", "127.0.0.1", {port}) ALORS Info("refusée")\n'
        "PROCÉDURE Carré(n)\nRENVOYER n * n\n"
    )

    def runs(count: int) -> None:
        for _ in range(count):
            host = CaptureHost()
            assert run_source(source, "t.wl", host) == 0 and host.out.getvalue() == "refusée\n"

    frozen = gc.get_freeze_count()
    runs(20)  # warm-up: caches, imports
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        runs(280)
        gc.collect()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 2 * 1024 * 1024, f"{grown / 1e6:.1f} MB more after 280 runs"
    assert gc.get_freeze_count() == frozen
