"""``export --python`` of mail values: a message's properties read back, mail results used as
values (decided while exporting by wlmail's own checks), ``emailAttache`` variables,
``EmailImporteSource``, and a property wlmail refuses inside ``QUAND EXCEPTION``.

Each exported program runs in the fresh venv without wlmail (tests/test_export.py's fixture)
and must write the same bytes as ``wlmail run``; what would run differently is refused with
its line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export import (  # noqa: F401  (venv: the fixture)
    _wlmail,
    assert_run_the_same,
    export_scripts,
    venv,
)

from wlmail.export.program import ExportError, export_python

FRENCH = """\
// un message relu : ses destinataires, ses pièces jointes, sa source
m est un Email
Info(m.Destinataire..Occurrence, "[" + m.Message + "]")
m.Expéditeur = "Zoé <zoe@exemple.fr>"
Ajoute(m.Destinataire, "a@exemple.fr")
m.Destinataire.Ajoute("b@exemple.fr")
m.Sujet = "Bonjour" + RC + "Bcc: victime@exemple.fr"
Info(EmailConstruitSource(m), ErreurDétectée)
Info(ErreurInfo())
m.Sujet = "Relu"
m.Message = "texte"
a est un emailAttache
a.Nom = "notes.txt"
a.Contenu = "abc"
Ajoute(m.Attache, a)
a.Nom = "autre.txt"
POUR TOUT sAdr DE m.Destinataire
\tTrace(sAdr)
FIN
Info(m.Attache[1].Nom, m.Attache[1].Taille, TableauOccurrence(m.Attache))
Info(m.ConstruitSource(), ErreurInfo())
Info(m.MessageID [=] "@exemple.fr>", Position(m.Source, "notes.txt") > 0)
r est un Email
r.Source = m.Source
Info(EmailImporteSource(r), r.Sujet, r.Destinataire[2], r.Message)
Info(EmailVérifieAdresse("jean.dupont@exemple.fr") = emailAdresseValide)
Info(EmailEtat(7) = emailErreur, ErreurInfo())
"""

ENGLISH = """\
m is Email
m.Sender = "a@example.com"
Add(m.Cc, "b@example.com")
Add(m.Cc, "not an address")
Info(m.BuildSource(), ErrorInfo())
s is emailSMTPSession
Info(s.AuthToken = Null)
Info(EmailSendMessage("nobody", m), ErrorInfo())
Info(EmailCheckAddress("a b@example.com") = emailAddressIncorrectSyntax)
"""


def test_mail_values_run_the_same(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    programs = export_scripts(tmp_path, {"fr": FRENCH, "en": ENGLISH})
    assert not list(tmp_path.glob("*_wl.py"))  # mail code: no helper
    assert _wlmail(tmp_path / "fr.wl") == (
        0,
        "0\n[]\n0\n1\n"
        "saut de ligne ou caractère de contrôle (U+000D) interdit dans Sujet : "
        "rien n'a été envoyé\n"
        "notes.txt\n3\n1\n1\n\n1\n1\n1\nRelu\nb@exemple.fr\ntexte\n1\n1\n"
        "identifiant d'email 7 inconnu\n",
        "a@exemple.fr\nb@exemple.fr\n",
    )
    assert _wlmail(tmp_path / "en.wl") == (
        0,
        "0\ninvalid address in Cc[2]: invalid address 'not an address'\n1\n0\n"
        "no SMTP session open for user 'nobody'\n1\n",
        "",
    )
    assert_run_the_same(tmp_path, venv, programs)
    text = programs["fr"].read_text(encoding="utf-8")
    assert "victime" not in text and "Bcc" not in text  # the refused header is never written
    assert 'm["Subject"] = "Relu"' in text
    assert 'm["To"] = ", ".join(["a@exemple.fr", "b@exemple.fr"])' in text
    assert 'make_msgid(domain="exemple.fr")' in text
    assert 'm.add_attachment(b"abc", "text", "plain", filename="notes.txt")' in text
    assert 'for sAdr in ["a@exemple.fr", "b@exemple.fr"]:' in text
    assert '"notes.txt" in m.as_string()' in text
    assert "r = email.message_from_string(m.as_string(), policy=policy.SMTP)" in text
    assert "r = EmailMessage(" not in text  # the empty message it replaces is not made


CAUGHT = """\
s est un emailSessionSMTP
s.Option = emailOptionSécuriséTLS
QUAND EXCEPTION DANS
\ts.Port = "cinq"
FAIRE
\tInfo("attrapée : " + ExceptionInfo())
FIN
Info(s.Option = emailOptionSécuriséTLS, s.Port)
"""


def test_a_property_wlmail_refuses_raises_where_it_is_caught(tmp_path: Path, venv: Path) -> None:  # noqa: F811
    programs = export_scripts(tmp_path, {"c": CAUGHT})
    text = programs["c"].read_text(encoding="utf-8")
    assert "raise ValueError(" in text and "except Exception as exc:" in text
    assert_run_the_same(tmp_path, venv, programs)
    outside = CAUGHT.replace("QUAND EXCEPTION DANS\n\t", "").split("FAIRE")[0]
    with pytest.raises(ExportError) as caught:
        export_python(outside, "s.wl")
    assert caught.value.problems[0].line == 3  # a fatal error in wlmail: refused there


REFUSED = [
    # Python's EmailMessage encodes this Subject in base64, wlmail in quoted-printable
    (
        'm est un Email\nm.Expéditeur = "a@b.fr"\nm.Destinataire = "c@d.fr"\nm.Sujet = "Été"\n'
        'm.ConstruitSource()\nInfo(Position(m.Source, "Subject: =?utf-8?q?") > 0)\n',
        6,
        "Python's EmailMessage writes it otherwise",
    ),
    (
        'm est un Email\nm.Expéditeur = "a@b.fr"\nm.Destinataire = "c@d.fr"\n'
        'm.ConstruitSource()\nInfo(Position(m.Source, "c@d.fr"))\n',
        5,
        "the position of a text in a message's source",
    ),
    (
        's est une chaîne = "a@b.fr"\nm est un Email\nm.Expéditeur = s\nm.Destinataire = s\n'
        "Info(EmailConstruitSource(m))\n",
        5,
        "known only at run time",
    ),
    ('s est une chaîne = "a@b.fr"\nInfo(EmailVérifieAdresse(s))\n', 2, "known only at run time"),
    (
        "s est un emailSessionSMTP\nm est un Email\nEmailEnvoieMessage(s, m)\nInfo(EmailEtat(1))\n",
        4,
        "EmailEtat used as a value",
    ),
    (
        'm est un Email\nm.Expéditeur = "a@b.fr"\nm.Destinataire = "c@d.fr"\n'
        'm.Sujet = "x" + Caract(10)\ns est un emailSessionSMTP\nEmailOuvreSession(s)\n'
        "EmailEnvoieMessage(s, m)\n",
        7,
        "a line break in a header",
    ),
    (
        "m est un Email\nr est un Email\nr.Source = m.Source\nInfo(EmailImporteSource(r))\n",
        3,
        "a message EmailConstruitSource did not build",
    ),
]


@pytest.mark.parametrize(("text", "line", "reason"), REFUSED)
def test_what_would_run_differently_is_refused(text: str, line: int, reason: str) -> None:
    with pytest.raises(ExportError) as caught:
        export_python(text, "s.wl")
    found = [(p.line, p.message) for p in caught.value.problems]
    assert any(at == line and reason in message for at, message in found), found
