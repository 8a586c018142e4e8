"""``wlmail sandbox`` used from other processes, and port 25 with a password in the sandbox."""

from __future__ import annotations

import shlex
import signal
import smtplib
import ssl
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WLMAIL = [sys.executable, "-m", "wlmail"]


def _start(tmp_path: Path) -> tuple[subprocess.Popen[str], dict[str, str]]:
    sample = str(ROOT / "samples" / "mail-typed-fr.wl")
    box = subprocess.Popen(
        [
            *WLMAIL,
            "sandbox",
            "--for",
            "120",
            "--outbox",
            "out",
            "--host",
            "mail.example.net",
            sample,
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    assert box.stdout is not None
    info: dict[str, str] = {}
    for line in box.stdout:
        if line.startswith("Ctrl-C stops"):
            break
        key, _, value = line.rstrip("\n").partition(": ")
        info[key if value else line.split(" ", 2)[0]] = value or line.rstrip("\n")
    return box, info


def test_sandbox_command_serves_scripts_and_mail_clients_of_other_processes(
    tmp_path: Path,
) -> None:
    box, info = _start(tmp_path)
    try:
        assert info["certificate for"] == (
            "smtp.exemple.fr, localhost, 127.0.0.1, mail.example.net "
            "(and any other name a client asks for with SNI)"
        )
        cafile = info["cafile"]
        run_line = shlex.split(info["wlmail"])
        assert run_line[:2] == ["wlmail", "run"] and run_line[-1] == "SCRIPT.wl"
        # a second process: the sample, routed by the printed options
        sample = str(ROOT / "samples" / "mail-typed-fr.wl")
        res = subprocess.run(
            [*WLMAIL, *run_line[1:-1], sample],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )
        assert (res.returncode, res.stdout, res.stderr) == (
            0,
            "Message envoyé (identifiant 1)\n",
            "",
        )
        # a script the sandbox was not told about: its host gets a certificate on demand
        other = str(ROOT / "samples" / "mail-typed-en.wl")
        res = subprocess.run(
            [*WLMAIL, *run_line[1:-1], other],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )
        assert (res.returncode, res.stdout, res.stderr) == (
            0,
            "Sent to ann@example.com\nSent to bob@example.com\n",
            "",
        )
        # a third: a plain mail client over implicit TLS, verifying the printed CA
        host, port = info["smtps"].split(" ", 1)[0].split(":")
        context = ssl.create_default_context(cafile=cafile)
        with smtplib.SMTP_SSL(host, int(port), context=context, timeout=30) as client:
            client.login("me", "secret")
            client.sendmail(
                "me@example.net", ["you@example.net"], b"Subject: smtplib\r\n\r\nhi\r\n"
            )
    finally:
        box.send_signal(signal.SIGTERM)
        out, err = box.communicate(timeout=30)
    assert (box.returncode, out) == (0, "")
    assert "sandbox: message 4 accepted from <me@example.net>" in err
    assert err.endswith("sandbox: 4 message(s) accepted, written to out\n")
    assert len(list((tmp_path / "out").glob("*.eml"))) == 4
    assert not Path(cafile).exists()  # the run's CA file is removed when the servers stop


def test_sandbox_command_stops_by_itself_and_reports_usage_errors(tmp_path: Path) -> None:
    res = subprocess.run(
        [*WLMAIL, "sandbox", "--for", "0.2", "--outbox", "o"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert res.returncode == 0 and res.stdout.startswith("smtp: 127.0.0.1:")
    assert res.stderr.endswith("sandbox: 0 message(s) accepted\n")
    missing = subprocess.run(
        [*WLMAIL, "sandbox", "absent.wl"], capture_output=True, text=True, cwd=tmp_path
    )
    assert (missing.returncode, missing.stdout) == (66, "")
    assert missing.stderr == "wlmail: absent.wl: No such file or directory\n"


PORT_25 = """\
MaSession est un emailSessionSMTP
MaSession.AdresseServeur = "smtp.exemple.fr"
MaSession.Nom = "moi@exemple.fr"
MaSession.MotDePasse = "secret"
SI EmailOuvreSession(MaSession) ALORS
\tMonEmail est un Email
\tMonEmail.Expéditeur = "moi@exemple.fr"
\tMonEmail.Destinataire[1] = "toi@exemple.fr"
\tMonEmail.Sujet = "Port 25"
\tMonEmail.Message = "Bonjour"
\tSI EmailEnvoieMessage(MaSession, MonEmail) ALORS Info("envoyé")
\tEmailFermeSession(MaSession)
SINON
\tErreur(ErreurInfo())
FIN
"""


def test_port_25_with_a_password_works_in_the_sandbox_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "p25.wl").write_text(PORT_25, encoding="utf-8")
    res = subprocess.run(
        [*WLMAIL, "run", "--sandbox", "--strict", "p25.wl"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert (res.returncode, res.stdout) == (0, "envoyé\n")
    assert (
        "sandbox: warning: moi@exemple.fr logged in with a password without TLS; on a real "
        "network the password would cross in clear" in res.stderr
    )
    assert "TLS none; saved as outbox/0001-Port-25.eml" in res.stderr
    assert "secret" not in res.stderr
