"""The first hour of a new user (issue 16): language of messages, no internal notes, addresses
with an underscore in their domain, leaving the console."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def wlmail(
    tmp_path: Path, *args: str, text: str = "", stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    if text:
        (tmp_path / "s.wl").write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "wlmail", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        input=stdin,
        timeout=60,
    )


def test_english_script_without_keywords_gets_english_messages(tmp_path: Path) -> None:
    text = 'Email.Sender = "a@example.com"\nEmail.Recipient = "b@example.com"\nEmailSendd(1)\n'
    res = wlmail(tmp_path, "check", "s.wl", text=text)
    assert res.stdout.splitlines()[0] == (
        "s.wl:3:1: error[unknown_name]: 'EmailSendd' is unknown; did you mean 'EmailSend'?"
    )


def test_unsupported_reason_speaks_the_script_language(tmp_path: Path) -> None:
    res = wlmail(tmp_path, "check", "s.wl", text='s est une chaîne = Crypte("a", "b")\n')
    assert res.stdout.splitlines()[0] == (
        "s.wl:1:20: avertissement[unsupported_function]: la fonction « Crypte » n'est pas "
        "disponible dans wlmail : chiffrement propriétaire de PC SOFT, non documenté"
    )
    res = wlmail(tmp_path, "check", "s.wl", text='s is string = Crypt("a", "b")\n')
    assert res.stdout.splitlines()[0].endswith(
        "function 'Crypt' is not available in wlmail: PC SOFT's proprietary, undocumented cipher"
    )


def test_help_shows_no_internal_note(tmp_path: Path) -> None:
    res = wlmail(tmp_path, "repl", "--lang", "fr", stdin=":aide Port\n:aide emailOptionDéfaut\n")
    assert (
        res.returncode == 0 and "Port SMTP ; 25 par défaut quelle que soit l'option." in res.stdout
    )
    assert "décision" not in res.stdout and "decision" not in res.stdout


def test_exit_and_quit_leave_the_console(tmp_path: Path) -> None:
    res = wlmail(tmp_path, "repl", stdin='Info("a")\nexit\nInfo("b")\n')
    assert (res.returncode, res.stdout, res.stderr) == (0, "a\n", "")
    res = wlmail(tmp_path, "repl", stdin='quit()\nInfo("b")\n')
    assert (res.returncode, res.stdout) == (0, "")
    text = "quitter est un entier = 3\nquitter\nInfo(1)\n:quitter\nInfo(2)\n"
    res = wlmail(tmp_path, "repl", stdin=text)
    assert (res.returncode, res.stdout) == (0, "3\n1\n")  # a variable of that name is shown


UNDERSCORE = """\
MonEmail est un Email
MonEmail.Expéditeur = "support_test@pcsoft_test.fr"
MonEmail.Destinataire[1] = "client@exemple.fr"
MonEmail.Sujet = "Essai"
SI EmailConstruitSource(MonEmail) ALORS Info("source construite")
Info(EmailVérifieAdresse("support_test@pcsoft_test.fr") = emailAdresseValide)
Info(EmailVérifieAdresse("a@-pcsoft.fr") = emailAdresseValide)
"""


def test_underscore_in_a_domain_is_accepted_with_one_warning(tmp_path: Path) -> None:
    res = wlmail(tmp_path, "run", "--strict", "s.wl", text=UNDERSCORE)
    assert (res.returncode, res.stdout) == (0, "source construite\n1\n0\n")
    assert res.stderr == (
        "avertissement : le domaine de « support_test@pcsoft_test.fr » contient « _ » : "
        "accepté, comme le font les serveurs, mais la RFC 5321 ne l'autorise pas et certains "
        "serveurs le refusent\n"
    )


def test_underscore_address_is_sent_through_the_sandbox(tmp_path: Path) -> None:
    text = """\
MySession is emailSMTPSession
MySession.ServerAddress = "smtp.example.com"
MySession.Port = 587
MySession.Name = "me"
MySession.Password = "secret"
MySession.Option = emailOptionSecuredTLS
IF MySession.StartSession() THEN
\tm is Email
\tm.Sender = "support_test@pcsoft_test.fr"
\tm.Recipient[1] = "ops@internal_relay.example.com"
\tm.Subject = "Underscore"
\tIF EmailSendMessage(MySession, m) THEN Info("sent")
END
"""
    res = wlmail(tmp_path, "run", "--sandbox", "s.wl", text=text)
    assert (res.returncode, res.stdout) == (0, "sent\n")
    assert res.stderr.count("warning: the domain of '") == 2
    assert (
        "accepted from <support_test@pcsoft_test.fr> to <ops@internal_relay.example.com>"
        in res.stderr
    )


def test_repl_takes_the_connection_options_of_run(tmp_path: Path) -> None:
    text = (
        "MaSession est un emailSessionSMTP\n"
        'MaSession.AdresseServeur = "smtp.exemple.fr"\n'
        'MaSession.Nom = "moi@exemple.fr"\n'
        'MaSession.MotDePasse = "secret-pw"\n'
        "EmailOuvreSession(MaSession)\n"
        "EmailFermeSession(MaSession)\n"
    )
    res = wlmail(tmp_path, "repl", "--sandbox", "--outbox", "o", "--trace", stdin=text)
    assert (res.returncode, res.stdout) == (0, "Vrai\nVrai\n")
    assert "smtp: connecting to smtp.exemple.fr:25 via 127.0.0.1:" in res.stderr  # --trace
    assert "smtp: C: AUTH PLAIN ****" in res.stderr and "secret-pw" not in res.stderr
    assert "sandbox: warning: moi@exemple.fr logged in with a password without TLS" in res.stderr
    bad = wlmail(tmp_path, "repl", "--outbox", "o", stdin="")
    assert (bad.returncode, bad.stderr) == (64, "wlmail: --outbox needs --sandbox\n")


#: the subcommands the README must show with an example (add new ones here and there)
COMMANDS = ("run", "check", "sandbox", "repl", "lsp", "translate", "export")


def test_readme_shows_each_subcommand_exit_codes_and_cron() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    for name in COMMANDS:
        assert f"\nwlmail {name} " in commands, name
    for words in ("### Exit codes", "### Running from cron", "--strict", "wlmail run - <"):
        assert words in commands, words
    for option in ("--lang", "--summary", "--select", "--format github", "repl --sandbox"):
        assert option in commands, option
