"""Ctrl-C and SIGTERM at every wait (issue 15 item 3, SECURITY.md §2).

A real ``python -m wlmail run`` child talks to :class:`hostile_server.HostileSMTP`, which goes
silent at one stage (connect, greeting, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, after the final
dot, QUIT, the asynchronous drain at exit); the test then sends the signal. Each time: exit 130
(143 for SIGTERM) well within the bound, the documented stderr lines and nothing else (no
traceback, no "Task exception was never retrieved"), nothing reported sent that the server did
not accept, and the connection closed by the client without a QUIT glued after the command it
was waiting on. ``benchmarks/interrupts.py`` measures the real time from signal to exit.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import ssl
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hostile_server import STALL, HostileSMTP, Step

ROOT = Path(__file__).resolve().parent.parent
SERVER = "smtp.exemple.test"
#: a loose bound on signal → exit for the tests (the measured figures are ~0.1 s, see benchmarks/)
BOUND = 3.0
WLMAIL = [sys.executable, "-m", "wlmail", "run"]

OPEN_AND_SEND = """
s est un emailSessionSMTP
s.AdresseServeur = "smtp.exemple.test"
s.Nom = "alice@exemple.fr"
{extra}
Info("ouverture")
SI PAS EmailOuvreSession(s) ALORS
    Info(ErreurInfo())
    RETOUR
FIN
Info("ouverte")
m est un Email
m.Expéditeur = "alice@exemple.fr"
m.Destinataire = "bob@exemple.fr"
m.Sujet = "test"
m.Message = "bonjour"
SI EmailEnvoieMessage(s, m) ALORS Info("envoyé") SINON Info(ErreurInfo())
EmailFermeSession(s)
Info("fermée")
"""

QUEUED = """
s est un emailSessionSMTP
s.AdresseServeur = "smtp.exemple.test"
s.Asynchrone = Vrai
SI PAS EmailOuvreSession(s) ALORS Info(ErreurInfo())
POUR i = 1 À 3
    m est un Email
    m.Expéditeur = "alice@exemple.fr"
    m.Destinataire = "bob@exemple.fr"
    m.Sujet = "n" + i
    EmailEnvoieMessage(s, m)
FIN
Info("en file")
"""


class Child:
    """``wlmail run`` in a child process; ``stop`` signals it and times the exit."""

    def __init__(self, tmp: Path, source: str, port: int, *, timeout: str = "600") -> None:
        script = tmp / "script.wl"
        script.write_text(textwrap.dedent(source), encoding="utf-8")
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT), "BROWSER": "true"}
        route = f"{SERVER}:25:127.0.0.1:{port}"
        self.proc = subprocess.Popen(
            [*WLMAIL, str(script), "--connect-to", route, "--timeout", timeout],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=tmp,
        )

    def wait_for_output(self, line: str, seconds: float = 15.0) -> None:
        assert self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], seconds)
        got = self.proc.stdout.readline().rstrip("\n") if ready else None
        if got != line:
            self.proc.kill()
            pytest.fail(f"expected {line!r}, got {got!r}: {self.proc.communicate()}")

    def stop(self, signum: int = signal.SIGINT) -> tuple[int, str, str, float]:
        started = time.monotonic()
        self.proc.send_signal(signum)
        try:
            out, err = self.proc.communicate(timeout=BOUND + 5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
            pytest.fail(f"still running {BOUND + 5} s after the signal: {err[-800:]}")
        return self.proc.returncode, out, err, time.monotonic() - started


def stalled_run(
    tmp: Path, srv: HostileSMTP, source: str, first_line: str
) -> tuple[int, str, str, float]:
    child = Child(tmp, source, srv.port)
    child.wait_for_output(first_line)
    assert srv.wait_stalled(), child.proc.kill()
    time.sleep(0.1)  # the client is now blocked in its wait
    return child.stop()


#: stage → (the server's script, extra session lines, stdout after "ouverture")
STAGES: dict[str, tuple[dict[str, Step | list[Step]], str, str]] = {
    "greeting": ({"banner": STALL}, "", ""),
    "EHLO": ({"EHLO": STALL}, "", ""),
    "STARTTLS": ({"STARTTLS": STALL}, "s.Option = emailOptionSécuriséTLS", ""),
    "TLS-handshake": (
        {"STARTTLS": ["220 2.0.0 go ahead", STALL]},
        "s.Option = emailOptionSécuriséTLS",
        "",
    ),
    "AUTH": ({"AUTH": STALL}, 's.MotDePasse = "mdp"', ""),
    "MAIL": ({"MAIL": STALL}, "", "ouverte\n"),
    "RCPT": ({"RCPT": STALL}, "", "ouverte\n"),
    "DATA": ({"DATA": STALL}, "", "ouverte\n"),
    "after-the-final-dot": ({"END": STALL}, "", "ouverte\n"),
    "QUIT": ({"QUIT": STALL}, "", "ouverte\nenvoyé\n"),
}


@pytest.mark.parametrize("stage", list(STAGES))
def test_ctrl_c_at_each_smtp_stage(tmp_path: Path, stage: str) -> None:
    script, extra, printed = STAGES[stage]
    tls = _server_tls(tmp_path) if "Option" in extra else None
    with HostileSMTP(script, tls=tls, auth=True) as srv:
        code, out, err, elapsed = stalled_run(
            tmp_path, srv, OPEN_AND_SEND.format(extra=extra), "ouverture"
        )
        assert srv.wait_ended(), srv.connections
    assert (code, out, err) == (130, printed, "interrompu (Ctrl-C)\n")
    assert elapsed < BOUND, f"{elapsed:.2f} s from SIGINT to exit"
    [conn] = srv.connections
    assert conn.ended_by == "client"
    # the command in flight is never followed by a QUIT (nor by anything else but, during the
    # TLS handshake, the client's hello)
    if stage == "TLS-handshake":
        assert conn.after_stall and b"QUIT" not in conn.after_stall
    else:
        assert conn.after_stall == b"", conn.after_stall
    assert len(srv.messages) == (1 if stage == "QUIT" else 0)


def test_ctrl_c_while_connecting(tmp_path: Path) -> None:
    with HostileSMTP(stall_connect=True) as srv:
        child = Child(tmp_path, OPEN_AND_SEND.format(extra=""), srv.port)
        child.wait_for_output("ouverture")
        time.sleep(0.3)  # the SYN is being dropped: connect() waits
        code, out, err, elapsed = child.stop()
    assert (code, out, err) == (130, "", "interrompu (Ctrl-C)\n")
    assert elapsed < BOUND


def test_sigterm_stops_like_ctrl_c_with_its_own_exit_code(tmp_path: Path) -> None:
    with HostileSMTP({"END": STALL}) as srv:
        child = Child(tmp_path, OPEN_AND_SEND.format(extra=""), srv.port)
        child.wait_for_output("ouverture")
        assert srv.wait_stalled()
        time.sleep(0.1)
        code, out, err, elapsed = child.stop(signal.SIGTERM)
        assert srv.wait_ended()
    assert (code, out, err) == (143, "ouverte\n", "interrompu (SIGTERM)\n")
    assert elapsed < BOUND and srv.messages == []


def test_sigterm_in_a_loop_closes_the_session_with_quit(tmp_path: Path) -> None:
    source = 'EmailOuvreSessionSMTP("alice", "smtp.exemple.test")\nInfo("ouverte")\nBOUCLE\nFIN\n'
    with HostileSMTP() as srv:
        child = Child(tmp_path, source, srv.port)
        child.wait_for_output("ouverte")
        code, out, err, elapsed = child.stop(signal.SIGTERM)
        assert srv.wait_ended()
    assert (code, out, err) == (143, "", "interrompu (SIGTERM)\n")
    assert srv.connections[0].verbs == ["EHLO", "QUIT"] and elapsed < BOUND


def test_ctrl_c_during_the_exit_drain_names_every_message_not_sent(tmp_path: Path) -> None:
    """The script ended; the queue drains; message 2 never gets its answer."""
    with HostileSMTP({"END#2": STALL}) as srv:
        child = Child(tmp_path, QUEUED, srv.port)
        child.wait_for_output("en file")
        assert srv.wait_stalled()
        time.sleep(0.1)
        code, out, err, elapsed = child.stop()
        assert srv.wait_ended()
    assert code == 130 and out == "" and elapsed < BOUND
    lines = err.splitlines()
    # sent while the script ran (issue 17): message 1 may be confirmed before the script ends
    assert lines[0] in (
        "envoi de 2 email(s) asynchrone(s) encore en file avant la fin du programme",
        "envoi de 3 email(s) asynchrone(s) encore en file avant la fin du programme",
    )
    assert lines[1:] == [
        "interrompu (Ctrl-C)",
        "email asynchrone 2 non envoyé : interrompu (Ctrl-C)",
        "email asynchrone 3 non envoyé : interrompu (Ctrl-C)",
    ]
    assert len(srv.messages) == 1 and srv.connections[0].after_stall == b""


def test_ctrl_c_in_a_wait_for_the_queue_does_not_start_another_drain(tmp_path: Path) -> None:
    """EmailFermeSession waits for the queue: Ctrl-C there ends the program, without a drain."""
    source = QUEUED + 'EmailFermeSession(s)\nInfo("jamais")\n'
    with HostileSMTP({"END#2": STALL}) as srv:
        child = Child(tmp_path, source, srv.port)
        child.wait_for_output("en file")
        assert srv.wait_stalled()
        time.sleep(0.1)
        code, out, err, elapsed = child.stop()
        assert srv.wait_ended()
    assert code == 130 and out == "" and elapsed < BOUND
    assert err.splitlines() == [
        "interrompu (Ctrl-C)",
        "email asynchrone 2 non envoyé : interrompu (Ctrl-C)",
        "email asynchrone 3 non envoyé : interrompu (Ctrl-C)",
    ]
    assert len(srv.messages) == 1


def oauth_wait(port: int) -> str:
    """A login whose callback never comes (the browser is ``true``)."""
    return f"""
    p est un OAuth2Paramètres
    p.ClientID = "wlmail-tests"
    p.URLAuth = "http://127.0.0.1:{port}/authorize"
    p.URLToken = "http://127.0.0.1:{port}/token"
    p.URLRedirection = "http://127.0.0.1:{port}/"
    p.TypeRéponse = oauth2TypeRéponseCode
    Info("connexion")
    t est un AuthToken = AuthIdentifie(p)
    Info("jamais")
    """


def test_ctrl_c_while_waiting_for_the_oauth_callback(tmp_path: Path) -> None:
    port = _free_port()
    child = Child(tmp_path, oauth_wait(port), 1)
    child.wait_for_output("connexion")
    assert _wait_listening(port), child.proc.kill()
    code, out, err, elapsed = child.stop()
    assert code == 130 and out == "" and elapsed < BOUND
    lines = err.splitlines()
    assert len(lines) == 3, err  # the URL to open, the wait, the interruption: nothing else
    assert lines[0].startswith("Pour autoriser l'accès, ouvrez cette adresse dans un navigateur")
    assert lines[1].startswith("En attente de la réponse sur http://127.0.0.1:")
    assert lines[2] == "interrompu (Ctrl-C)"
    assert not _wait_listening(port, 0.2)  # the callback listener is closed


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_listening(port: int, seconds: float = 10.0) -> bool:
    end = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            if time.monotonic() > end:
                return False
            time.sleep(0.05)


def _server_tls(tmp: Path) -> ssl.SSLContext:
    from wlmail.sandbox.certs import RunCA

    return RunCA([SERVER]).server_context()


def test_the_hostile_server_plays_its_script() -> None:
    """The reusable server itself: raw bytes, a per-occurrence reply, a pause, a drop."""
    from hostile_server import DROP, Pause

    script: dict[str, Step | list[Step]] = {
        "banner": b"220 \x1b[2Jweird\r\n",
        "MAIL#2": ["451 4.3.0 try later"],
        "RCPT": [Pause(0.2), "250 2.1.5 slowly"],
        "NOOP": DROP,
    }
    with HostileSMTP(script) as srv, socket.create_connection(("127.0.0.1", srv.port)) as sock:
        replies = sock.makefile("rb")
        assert replies.readline() == b"220 \x1b[2Jweird\r\n"
        answers = []
        for command in (b"MAIL FROM:<a@b>", b"MAIL FROM:<a@b>", b"RCPT TO:<c@d>"):
            sock.sendall(command + b"\r\n")
            started = time.monotonic()
            answers.append((replies.readline(), time.monotonic() - started))
        sock.sendall(b"NOOP\r\n")
        assert replies.readline() == b""  # dropped
        replies.close()
        assert srv.wait_ended()
    expected = [b"250 2.1.0 OK\r\n", b"451 4.3.0 try later\r\n", b"250 2.1.5 slowly\r\n"]
    assert [a for a, _ in answers] == expected
    assert answers[2][1] >= 0.2
    assert srv.connections[0].verbs == ["MAIL", "MAIL", "RCPT", "NOOP"]
    assert srv.connections[0].ended_by == "server"


def test_a_caught_interrupt_is_not_turned_into_death_by_sigint(tmp_path: Path) -> None:
    """CPython flags a KeyboardInterrupt as unhandled when it crosses code a C extension runs
    with PyRun_String (it happened, now and then, when Ctrl-C fell during the OAuth imports);
    ``python -m`` then killed itself with SIGINT (exit -2) although wlmail had handled it. Here
    the flag is raised by hand before a Ctrl-C in a loop: the exit code stays 130."""
    script = tmp_path / "loop.wl"
    script.write_text('Info("prêt")\nBOUCLE\nFIN\n', encoding="utf-8")
    (tmp_path / "tripped.py").write_text(
        "import ctypes, threading\n"
        "flag = ctypes.c_int.in_dll(ctypes.pythonapi, '_Py_UnhandledKeyboardInterrupt')\n"
        "threading.Timer(0.3, lambda: setattr(flag, 'value', 1)).start()  # after the imports\n"
        "from wlmail.cli import main\n"
        f"raise SystemExit(main(['run', {str(script)!r}]))\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": f"{tmp_path}:{ROOT}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tripped"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None and proc.stdout.readline() == "prêt\n"
    time.sleep(0.6)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert (proc.returncode, out, err) == (130, "", "interrompu (Ctrl-C)\n")
