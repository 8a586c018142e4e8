"""``export --python``: a header value the script reads at run time is checked as wlmail
checks it (wlmail/export/mail_headers.py).

Python's ``EmailMessage`` raises ValueError on a line break inside a header value, but lets a
trailing one through (``"Bonjour\\r\\n"`` ends the headers there: what follows becomes the
body), and NUL or ESC anywhere. wlmail refuses all of them: the send returns Faux, nothing is
sent, and ``ErreurInfo`` names the property. The exported program must do the same: a value
that is not a clean literal goes to the message through ``safe_header``, inside the send's
``try``. Each value below is read from a file by the script, sent by ``wlmail run`` and by the
exported program (fresh venv, no wlmail) to the same aiosmtpd server: same stdout, stderr,
exit code, and the same messages received (none for a refused value).
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

from wlmail.export.program import ExportError, export_python

SEND = """\
s est un emailSessionSMTP
s.AdresseServeur = "smtp.exemple.fr"
s.Port = 587
s.Nom = "moi@exemple.fr"
s.MotDePasse = "secret"
s.Option = emailOptionSécuriséTLS
SI PAS EmailOuvreSession(s) ALORS
\tErreur(ErreurInfo())
\tRETOUR
FIN
sDest est une chaîne = fChargeTexte("dest.txt")
m est un Email
m.Expéditeur = "moi@exemple.fr"
m.Sujet = fChargeTexte("sujet.txt")
m.Message = "corps"
Ajoute(m.Destinataire, sDest)
SI EmailEnvoieMessage(s, m) ALORS
\tInfo("envoyé : " + m.Sujet)
SINON
\tInfo("refusé : " + ErreurInfo())
FIN
EmailFermeSession(s)
"""

VALUES = {  # title: (subject, recipient)
    "clean": ("Bonjour", "a@exemple.fr"),
    "trailing_crlf": ("Bonjour\r\n", "a@exemple.fr"),
    "header_smuggled": ("Bonjour\r\nBcc: victime@exemple.fr", "a@exemple.fr"),
    "lone_lf": ("Bonjour\nBcc: victime@exemple.fr", "a@exemple.fr"),
    "escape": ("Bonjour\x1b[31m", "a@exemple.fr"),
    "nul": ("Bon\x00jour", "a@exemple.fr"),
    "line_separator": ("Bonjour\u2028Bcc: victime@exemple.fr", "a@exemple.fr"),
    "recipient_crlf": ("Bonjour", "a@exemple.fr\r\n"),
}


def test_the_program_checks_a_header_read_at_run_time(tmp_path: Path) -> None:
    program = export_script(tmp_path, "send", SEND)
    python = program.read_text(encoding="utf-8")
    assert "def safe_header(value: str, field: str) -> str:" in python
    assert 'm["Subject"] = safe_header(m_subject, "Sujet")' in python
    assert 'm["To"] = safe_header(sDest, "Destinataire[1]")' in python
    assert "except (OSError, ValueError, smtplib.SMTPException) as err:" in python
    assert 'm["From"] = "moi@exemple.fr"' in python  # a clean literal: set where it is set
    _lint(program)


@pytest.mark.parametrize("title", list(VALUES))
def test_a_refused_header_is_refused_alike(
    title: str,
    tmp_path: Path,
    venv: Path,  # noqa: F811
    mail: _Mail,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    subject, recipient = VALUES[title]
    (tmp_path / "sujet.txt").write_bytes(subject.encode())
    (tmp_path / "dest.txt").write_bytes(recipient.encode())
    monkeypatch.chdir(tmp_path)  # wlmail run reads the script's files from the current folder
    expected, sent_by_python = assert_sent_alike(tmp_path, venv, mail, "send", SEND)
    if title == "clean":
        assert expected == (0, "envoyé : Bonjour\n", "")
        assert len(sent_by_python) == 1
    else:
        code, out, err = expected
        assert (code, err) == (0, "")
        assert out.startswith("refusé : saut de ligne ou caractère de contrôle (U+")
        assert out.endswith(" : rien n'a été envoyé\n")
        field = "Destinataire[1]" if title.startswith("recipient") else "Sujet"
        assert f"interdit dans {field} :" in out
        assert sent_by_python == []  # nothing reached the server


def test_an_asynchronous_send_of_a_header_read_at_run_time_is_refused() -> None:
    """A queued send is not in a ``try``: safe_header's ValueError would be a traceback."""
    script = SEND.replace(
        "s.Option = emailOptionSécuriséTLS\n",
        "s.Option = emailOptionSécuriséTLS\ns.Asynchrone = Vrai\n",
    )
    with pytest.raises(ExportError) as raised:
        export_python(script, "send.wl")
    assert [p.message for p in raised.value.problems] == [
        "an asynchronous send of a header read at run time"
    ]
