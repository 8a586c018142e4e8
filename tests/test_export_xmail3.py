"""``export --python`` of what issue 14 gave the ``xmail3`` slice: ``EmailConstruitSource(m)`` /
``m.ConstruitSource()`` used as a value, with ``ErreurDétectée``/``ErreurInfo()`` after it.

wlmail's checks run in the exported program (a helper ``email_build_check`` with wlmail's rules
and messages, in the script's language): a sender, a recipient, valid addresses, no line break
or control character in a header. The headers wait in a dict beside the message (a value
Python's ``EmailMessage`` would refuse is never given to it) and the address lists in Python
lists; the message is filled only when the check passes. Each script runs French and English,
with ``wlmail run`` and exported in a fresh venv without wlmail (same stdout, stderr, exit
code); then a literal is changed, in the script and in the exported Python alike, and both
must still print the same, and not what they printed before (a folded answer would not follow).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export import (  # noqa: F401  (fixtures)
    _lint,
    _run,
    _wlmail,
    assert_follows_edit,
    assert_run_the_same,
    export_script,
    export_scripts,
    venv,
)

from wlmail.export.program import ExportError, export_python

BUILD_FR = """\
// EmailConstruitSource : les contrôles de wlmail, dans le programme
m est un Email
m.Expéditeur = "a@exemple.fr"
m.Message = "corps"
m.Priorité = emailPrioritéHaute
Info(EmailConstruitSource(m), ErreurDétectée)
Info(ErreurInfo())
Ajoute(m.Cc, "b@exemple.fr")
Ajoute(m.Cc, "pas une adresse")
Info(m.ConstruitSource(), ErreurInfo())
m.Cc[2] = "c@exemple.fr"
m.Sujet = "Bonjour" + RC + "Bcc: victime@exemple.fr"
Info(m.ConstruitSource(), ErreurInfo())
m.Sujet = "Été"
m.RépondreA = "x@exemple.fr" + Caract(10) + "To: y@exemple.fr"
Info(m.ConstruitSource(), ErreurInfo())
m.RépondreA = "Zoé <zoe@exemple.fr>"
Ajoute(m.Destinataire, "e@serveur_interne.fr")
Info(EmailConstruitSource(m), ErreurDétectée, "[" + ErreurInfo() + "]", m.Sujet)
sans est un Email
sans.Destinataire = "d@exemple.fr"
b est un booléen = sans.ConstruitSource()
Info(b, ErreurInfo())
"""

BUILD_EN = """\
// EmailBuildSource: wlmail's checks, in the program
m is Email
m.Sender = "a@example.com"
m.Message = "body"
Info(EmailBuildSource(m), ErrorOccurred)
Info(ErrorInfo())
Add(m.Cc, "b@example.com")
Add(m.Cc, "not an address")
Info(m.BuildSource(), ErrorInfo())
m.Cc[2] = "c@example.com"
m.Subject = "Hello" + CR + "Bcc: victim@example.com"
Info(m.BuildSource(), ErrorInfo())
m.Subject = "Summer"
m.ReplyTo = "x@example.com" + Charact(10) + "To: y@example.com"
Info(m.BuildSource(), ErrorInfo())
m.ReplyTo = "Zoe <zoe@example.com>"
Add(m.Recipient, "e@internal_host.com")
Info(EmailBuildSource(m), ErrorOccurred, "[" + ErrorInfo() + "]", m.Subject)
none is Email
none.Recipient = "d@example.com"
b is boolean = none.BuildSource()
Info(b, ErrorInfo())
"""

SCRIPTS = {"build_fr": BUILD_FR, "build_en": BUILD_EN}

#: (script, literal in the script and in the Python, its replacement)
MUTATIONS = [
    ("build_fr", '"pas une adresse"', '"autre@exemple.fr"'),
    ("build_fr", '"a@exemple.fr"', '""'),
    ("build_fr", '"Été"', '"Hiver"'),
    ("build_fr", '"Zoé <zoe@exemple.fr>"', '"Zoé <zoe@exemple.fr"'),
    ("build_fr", '"e@serveur_interne.fr"', '"e@serveur.fr"'),
    ("build_en", '"not an address"', '"other@example.com"'),
    ("build_en", '"Summer"', '"Winter"'),
    ("build_en", '"c@example.com"', '"c@"'),
]


def test_builds_used_as_values_run_the_same(
    tmp_path: Path,
    venv: Path,  # noqa: F811
) -> None:
    assert_run_the_same(tmp_path, venv, export_scripts(tmp_path, SCRIPTS))
    fr = _wlmail(tmp_path / "build_fr.wl")
    assert "interdit dans Sujet" in fr[1] and "adresse invalide dans Cc[2]" in fr[1]
    assert "serveur_interne.fr" in fr[2]  # the warning for a "_" in a domain, on stderr
    assert (
        "line break or control character (U+000A) not allowed in ReplyTo"
        in (_wlmail(tmp_path / "build_en.wl")[1])
    )


def test_the_python_checks_before_it_fills_the_message(tmp_path: Path) -> None:
    fr = export_script(tmp_path, "build_fr", BUILD_FR).read_text(encoding="utf-8")
    for line in (
        "m_headers: dict[str, str] = {}",
        'm_headers["Subject"] = "Bonjour\\r\\nBcc: victime@exemple.fr"',
        "m_built = email_build_check(m_headers, m_to, m_cc, m_bcc)",
        "if m_built:",
        'm["Subject"] = m_headers["Subject"]',
        'm["Cc"] = ", ".join(m_cc)',
        "b: bool = sans_built",
        'm_headers.get("Subject", "")',
        'm.set_content("corps")',
        'm["X-Priority"] = "1 (Highest)"',
    ):
        assert line in fr, line
    assert 'm["Subject"] = "' not in fr  # a header value goes to the message once checked
    assert "print(0" not in fr and "print(1" not in fr  # nothing folded
    helpers = (tmp_path / "build_fr_wl.py").read_text(encoding="utf-8")
    assert "def email_build_check(" in helpers
    assert "interdit dans {field}" in helpers and '"Expéditeur"' in helpers
    en = export_script(tmp_path, "build_en", BUILD_EN)
    helpers_en = (tmp_path / "build_en_wl.py").read_text(encoding="utf-8")
    assert "not allowed in {field}" in helpers_en and '"Sender"' in helpers_en
    assert "none_built = email_build_check(" in en.read_text(encoding="utf-8")


@pytest.mark.parametrize(("title", "old", "new"), MUTATIONS)
def test_a_literal_changed_in_the_python_changes_its_output(
    title: str,
    old: str,
    new: str,
    tmp_path: Path,
    venv: Path,  # noqa: F811
) -> None:
    assert_follows_edit(tmp_path, venv, title, SCRIPTS[title], old, new)


@pytest.mark.parametrize(
    "script",
    [
        # the source of a message checked at run time: not read back
        'm est un Email\nm.Expéditeur = "a@x.fr"\nInfo(m.ConstruitSource())\nInfo(m.Source)\n',
        # a message built as a value, then sent
        'm est un Email\nInfo(m.ConstruitSource())\nEmailEnvoieMessage("u", m)\n',
        # built in a condition and as a value: ErreurInfo would not know the first
        "m est un Email\nSI m.ConstruitSource() ALORS\nFIN\nInfo(m.ConstruitSource())\n",
        # an attachment: wlmail checks its name too
        'm est un Email\nm.Attache[1].Nom = "a"\nm.Attache[1].Contenu = "x"\n'
        "Info(m.ConstruitSource())\n",
    ],
)
def test_what_the_check_cannot_follow_is_refused(script: str) -> None:
    with pytest.raises(ExportError):
        export_python(script, "script.wl")


@pytest.mark.parametrize(
    ("script", "reason"),
    [
        (
            'm est un Email\nInfo(EmailEnvoieMessage("personne", m), ErreurInfo())\n',
            "no EmailOuvreSessionSMTP opened before (the program has no session to look up)",
        ),
        ("Info(EmailEtat(99) = emailErreur)\n", "keeps no state of its sends to look up"),
    ],
)
def test_a_lookup_the_program_cannot_make_is_refused_with_its_reason(
    script: str, reason: str
) -> None:
    """wlmail answers these from its run-time registries (sessions by user, states by send);
    the exported program has none, and a lookup that always fails would be dead code."""
    with pytest.raises(ExportError) as caught:
        export_python(script, "script.wl")
    assert any(reason in p.message for p in caught.value.problems)
