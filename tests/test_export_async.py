"""``export --python`` of asynchronous sends (``Asynchrone``, decision 19): aiosmtplib; and of
legacy sessions named by their user.

The scripts of ``tests/export_async`` are exported, then run by the Python of a fresh venv
where wlmail is not installed and aiosmtplib is (installed from PyPI, the version this
environment uses); ``wlmail run`` runs them against the same loopback SMTP server (STARTTLS
and implicit TLS, certificates verified). Both print the same, exit the same, and the server
receives the same messages, in the same order, with the same envelope, auth method, TLS mode
and MIME structure. The exported programs pass ruff (E,F,W,I,UP,B), ruff format and mypy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aiosmtplib
import pytest
from test_export import _lint, _Mail, _run, _wlmail

from wlmail.export.program import ExportError, export_command, export_python

HERE = Path(__file__).resolve().parent / "export_async"
ROOT = HERE.parent.parent

# asyncio connects without socket.create_connection: the same routing for event loops (TLS
# still checks the certificate against the name the program used: server_hostname)
ASYNC_ROUTING = """
import asyncio.base_events
_loop_connect = asyncio.base_events.BaseEventLoop.create_connection
async def _routed(self, factory, host=None, port=None, *args, **kwargs):
    to = _routes.get(f"{host}:{port}")
    if to:
        host, port = to.rsplit(":", 1)[0], int(to.rsplit(":", 1)[1])
    return await _loop_connect(self, factory, host, port, *args, **kwargs)
asyncio.base_events.BaseEventLoop.create_connection = _routed
"""


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv without wlmail, with aiosmtplib installed from PyPI (or, offline, the
    files of the same installed version copied in)."""
    where = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True)
    python = where / "bin" / "python"
    site = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    )
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    wanted = f"aiosmtplib=={aiosmtplib.__version__}"
    done = subprocess.run(
        [*pip, "--no-deps", "--target", str(site), wanted],
        capture_output=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:  # no network: the same version's files
        shutil.copytree(Path(aiosmtplib.__file__).parent, site / "aiosmtplib")
    env = {"PATH": os.environ.get("PATH", "")}
    for module, present in (("wlmail", False), ("aiosmtplib", True)):
        found = subprocess.run(
            [python, "-c", f"import {module}"], capture_output=True, cwd=where, env=env
        )
        assert (found.returncode == 0) == present, module
    return python


@pytest.fixture(scope="module")
def mail(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_Mail]:
    server = _Mail(tmp_path_factory.mktemp("mail"))
    with (server.shim / "sitecustomize.py").open("a", encoding="utf-8") as shim:
        shim.write(ASYNC_ROUTING)
    yield server
    server.stop()


def _export(tmp_path: Path, name: str) -> Path:
    source = tmp_path / name
    source.write_bytes((HERE / name).read_bytes())
    program = tmp_path / name.replace(".wl", ".py").replace("-", "_")
    assert export_command(str(source), str(program)) == 0
    text = program.read_text(encoding="utf-8")
    assert "wlmail" not in text.replace("wlmail run", "")
    assert str(ROOT) not in text and str(tmp_path) not in text
    assert not list(tmp_path.glob("*_wl.py"))  # mail code calls no helper
    return program


# the asynchronous sends, and two synchronous legacy sessions named by their users
SCRIPTS = ["async-fr.wl", "async-legacy-en.wl", "legacy-two-users-fr.wl"]


@pytest.mark.parametrize("name", SCRIPTS)
def test_sends_the_same_without_wlmail(name: str, mail: _Mail, venv: Path, tmp_path: Path) -> None:
    program = _export(tmp_path, name)
    by_python = _run(venv, program, mail.env())
    sent_by_python = mail.delivered()
    expected = _wlmail(tmp_path / name, connect_to=mail.routes, cafile=mail.cafile)
    sent_by_wlmail = mail.delivered()
    assert by_python == expected
    assert expected[0] == 0 and not expected[2]
    assert len(sent_by_python) == 2
    # the same messages, in the order they were queued: envelope, auth, TLS, MIME structure
    assert sent_by_python == sent_by_wlmail


def test_a_session_left_open_is_sent_before_the_program_ends(
    mail: _Mail, venv: Path, tmp_path: Path
) -> None:
    name = "async-open-fr.wl"
    program = _export(tmp_path, name)
    by_python = _run(venv, program, mail.env())
    sent_by_python = mail.delivered()
    code, out, err = _wlmail(tmp_path / name, connect_to=mail.routes, cafile=mail.cafile)
    sent_by_wlmail = mail.delivered()
    assert by_python == (code, out, "")
    # wlmail says so when the queue was not sent yet when the script ended
    assert err in (
        "",
        "envoi de 1 email(s) asynchrone(s) encore en file avant la fin du programme\n",
    )
    assert out.splitlines() == [
        "emailSessionSMTP envoi@exemple.fr@smtp.exemple.fr:587 (fermée)",
        "Email de envoi@exemple.fr à dora@exemple.fr : « Sans fermeture »",
        "fin du script",
    ]
    assert len(sent_by_python) == 1 and sent_by_python == sent_by_wlmail


def test_exported_asynchronous_programs_pass_ruff_and_mypy(tmp_path: Path) -> None:
    for name in [*SCRIPTS, "async-open-fr.wl"]:
        _export(tmp_path, name)
    _lint(*tmp_path.glob("*.py"))


def test_export_writes_what_an_asyncio_engineer_writes(tmp_path: Path) -> None:
    program = _export(tmp_path, "async-fr.wl").read_text(encoding="utf-8")
    assert "async def main() -> None:" in program
    assert "asyncio.run(main())" in program
    assert "start_tls=True," in program and "tls_context=ssl.create_default_context()," in program
    assert "await MaSession.connect()" in program
    assert "MaSession_sending.append(asyncio.create_task(MaSession.send_message(Premier)))" in (
        program
    )
    assert "await asyncio.gather(*MaSession_sending, return_exceptions=True)" in program
    assert "import smtplib" not in program
    legacy = _export(tmp_path, "async-legacy-en.wl").read_text(encoding="utf-8")
    assert "use_tls=True" in legacy and "start_tls" not in legacy


def test_what_an_asynchronous_send_cannot_become_is_refused() -> None:
    head = (
        's est un emailSessionSMTP\ns.AdresseServeur = "smtp.exemple.fr"\n'
        "s.Asynchrone = Vrai\nSI PAS EmailOuvreSession(s) ALORS\n\tRETOUR\nFIN\n"
        'm est un Email\nm.Expéditeur = "a@exemple.fr"\nm.Destinataire = "b@exemple.fr"\n'
        "EmailEnvoieMessage(s, m)\n"
    )
    cases = {
        # Python would send the change: wlmail sends the message as it was when queued
        'm.Sujet = "changé"\n': "a header set after the message was sent",
        # the queue would be lost: wlmail sends it before the program ends
        "RETOUR\n": "RETOUR while asynchronous sends are queued",
    }
    for tail, reason in cases.items():
        with pytest.raises(ExportError) as caught:
            export_python(head + tail, "s.wl")
        assert [(p.line, p.message) for p in caught.value.problems] == [(11, reason)]
    plain = head.replace("s.Asynchrone = Vrai\n", "s.Asynchrone = Vrai\ns.Asynchrone = Faux\n")
    with pytest.raises(ExportError) as caught:
        export_python(plain, "s.wl")
    assert caught.value.problems[0].message == "a session opened both synchronous and asynchronous"


def test_a_message_or_session_that_would_send_something_else_is_refused() -> None:
    """Mail properties are written where the message leaves: what would read differently
    there is reported, never exported (wlmail copies the value when the property is set)."""
    script = (
        'sDest est une chaîne = "a@exemple.fr"\n'
        "m est un Email\n"
        "m.Destinataire = sDest\n"
        'sDest = "b@exemple.fr"\n'
    )
    with pytest.raises(ExportError) as caught:
        export_python(script, "s.wl")
    problems = [(p.line, p.message) for p in caught.value.problems]
    assert problems == [(3, "a mail property set from 'sDest', changed later")]
    synchronous = (
        's est un emailSessionSMTP\ns.AdresseServeur = "smtp.exemple.fr"\n'
        "SI PAS EmailOuvreSession(s) ALORS\n\tRETOUR\nFIN\n"
        'm est un Email\nm.Expéditeur = "a@exemple.fr"\nm.Destinataire = "b@exemple.fr"\n'
        'EmailEnvoieMessage(s, m)\nAjoute(m.Destinataire, "c@exemple.fr")\n'
        "EmailEnvoieMessage(s, m)\n"
    )
    with pytest.raises(ExportError) as caught:
        export_python(synchronous, "s.wl")
    problems = [(p.line, p.message) for p in caught.value.problems]
    assert problems == [(10, "an address added after the message was sent")]


def test_a_source_wlmail_would_build_otherwise_is_refused() -> None:
    """EmailConstruitSource: the Cci header only under emailOptionEntêteCci (Python writes it
    into the source), and only for a message wlmail builds (a sender and a recipient)."""
    head = 'm est un Email\nm.Expéditeur = "a@exemple.fr"\nAjoute(m.Cci, "cache@exemple.fr")\n'
    with pytest.raises(ExportError) as caught:
        export_python(head + "EmailConstruitSource(m)\n", "s.wl")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (4, "EmailConstruitSource of a message with Cci (no emailOptionEntêteCci)")
    ]
    built = export_python(head + "EmailConstruitSource(m, emailOptionEntêteCci)\n", "s.wl")
    assert 'm["Bcc"] = "cache@exemple.fr"' in built.source and "smtplib" not in built.source
    with pytest.raises(ExportError) as caught:
        export_python('m est un Email\nm.Sujet = "x"\nEmailConstruitSource(m)\n', "s.wl")
    assert caught.value.problems[0].message == (
        "EmailConstruitSource of a message without sender or recipient"
    )
