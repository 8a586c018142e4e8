"""``export --python``: an SMTP session whose open may fail without the script leaving.

Real WINDEV code often opens a session and goes on whatever happened. wlmail's later send
returns Faux ("la session SMTP « … » n'est pas ouverte"); the exported program used to stop on
``UnboundLocalError`` (the variable is unbound after a failed open), or to send on a
connection whose login had failed. Now the session is ``smtplib.SMTP | None``, None after a
failed open, and a send checks it first (wlmail/export/mail_maybe.py). Each shape below is
run by ``wlmail run`` and by the exported program (fresh venv, no wlmail) against one
aiosmtpd server with real TLS and AUTH, and against a server name that does not resolve:
same stdout, stderr, exit code and messages received.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export import (  # noqa: F401  (fixtures)
    _lint,
    _Mail,
    assert_sent_alike,
    export_script,
    export_scripts,
    mail,
    venv,
)

MESSAGE = """\
m est un Email
m.Expéditeur = "moi@exemple.fr"
m.Destinataire = "a@exemple.fr"
m.Sujet = "Bonjour"
m.Message = "corps"
"""

TYPED = """\
s est un emailSessionSMTP
s.AdresseServeur = "SERVER"
s.Port = 587
s.Nom = "moi@exemple.fr"
s.MotDePasse = "secret"
s.Option = emailOptionSécuriséTLS
"""

REPORT = """\
SI EmailEnvoieMessage(SESSION, m) ALORS
\tInfo("envoyé")
SINON
\tInfo("non envoyé : " + ErreurInfo())
FIN
EmailFermeSession(SESSION)
Info("fin")
"""

SHAPES = {
    # the open alone on its line: its result ignored
    "typed_ignored": TYPED + "EmailOuvreSession(s)\n" + MESSAGE + REPORT.replace("SESSION", "s"),
    # a failure branch that does not leave
    "typed_goes_on": TYPED
    + 'SI PAS EmailOuvreSession(s) ALORS\n\tErreur("ouverture refusée")\nFIN\n'
    + MESSAGE
    + REPORT.replace("SESSION", "s"),
    # the legacy session, named by its user
    "legacy_ignored": 'EmailOuvreSessionSMTP("moi@exemple.fr", "secret", "SERVER", '
    "587, Faux, emailOptionSécuriséTLS)\n"
    + MESSAGE
    + REPORT.replace("SESSION", '"moi@exemple.fr"'),
    # the send's result kept in a variable (the failure branch is then the script's SI)
    "typed_kept": TYPED
    + "EmailOuvreSession(s)\n"
    + MESSAGE
    + "b est un booléen = EmailEnvoieMessage(s, m)\n"
    + 'SI b ALORS\n\tInfo("envoyé")\nSINON\n\tInfo("non envoyé")\nFIN\n'
    + 'EmailFermeSession(s)\nInfo("fin")\n',
    # a send whose result nobody reads: under `if s is not None:`
    "typed_send_ignored": TYPED
    + "EmailOuvreSession(s)\n"
    + MESSAGE
    + 'EmailEnvoieMessage(s, m)\nEmailFermeSession(s)\nInfo("fin")\n',
}


def test_the_session_is_none_after_a_failed_open(tmp_path: Path) -> None:
    scripts = {title: text.replace("SERVER", "smtp.exemple.fr") for title, text in SHAPES.items()}
    programs = export_scripts(tmp_path, scripts)
    typed = programs["typed_ignored"].read_text(encoding="utf-8")
    assert "s: smtplib.SMTP | None = None" in typed
    assert "        s = None\n" in typed  # the except of the open
    assert "if s is None:\n            raise smtplib.SMTPServerDisconnected(" in typed
    assert "if s is not None:" in typed  # the close
    legacy = programs["legacy_ignored"].read_text(encoding="utf-8")
    assert "smtp: smtplib.SMTP | None\n" in legacy
    assert "NameError" not in typed + legacy
    kept = programs["typed_kept"].read_text(encoding="utf-8")
    ignored = programs["typed_send_ignored"].read_text(encoding="utf-8")
    assert "    if s is not None:\n        with contextlib.suppress(" in ignored
    assert "raise smtplib.SMTPServerDisconnected" not in ignored  # nobody reads that failure
    failed = "    except (OSError, smtplib.SMTPException):\n        b = False\n"
    assert failed + "    else:\n        b = True\n" in kept
    _lint(*programs.values())


@pytest.mark.parametrize("server", ["smtp.exemple.fr", "smtp.nulle-part.invalid"])
@pytest.mark.parametrize("title", list(SHAPES))
def test_a_send_after_a_failed_open_fails_alike(
    title: str,
    server: str,
    tmp_path: Path,
    venv: Path,  # noqa: F811
    mail: _Mail,  # noqa: F811
) -> None:
    text = SHAPES[title].replace("SERVER", server)
    expected, sent_by_python = assert_sent_alike(tmp_path, venv, mail, title, text)
    code, out, err = expected
    if title == "typed_send_ignored":
        assert (code, out, err) == (0, "fin\n", "")
        assert len(sent_by_python) == (server == "smtp.exemple.fr")
        return
    if server == "smtp.exemple.fr":
        assert (code, out, err) == (0, "envoyé\nfin\n", "")
        assert len(sent_by_python) == 1
        return
    assert code == 0 and sent_by_python == []
    assert err == ("ouverture refusée\n" if title == "typed_goes_on" else "")
    if title == "typed_kept":
        assert out == "non envoyé\nfin\n"
        return
    if title == "legacy_ignored":
        why = "aucune session SMTP ouverte pour l'utilisateur « moi@exemple.fr »"
    else:
        why = "la session SMTP « moi@exemple.fr » n'est pas ouverte (EmailOuvreSession)"
    assert out == f"non envoyé : {why}\nfin\n"


def test_the_message_names_a_user_given_by_an_expression(tmp_path: Path) -> None:
    """wlmail's message quotes the session's user; given by an expression, it is part of the
    program's f-string (one f-string, whatever quotes the expression's own text uses)."""
    text = (
        'sCompte est une chaîne = "moi"\n'
        + TYPED.replace("SERVER", "smtp.exemple.fr").replace(
            's.Nom = "moi@exemple.fr"', 's.Nom = sCompte + "@exemple.fr"'
        )
        + "EmailOuvreSession(s)\n"
        + MESSAGE
        + REPORT.replace("SESSION", "s")
    )
    program = export_script(tmp_path, "user", text)
    python = program.read_text(encoding="utf-8")
    assert (
        'f"la session SMTP « {sCompte}@exemple.fr » n\'est pas ouverte (EmailOuvreSession)"'
        in python
    )
    _lint(program)
