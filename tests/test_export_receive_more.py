"""``export --python`` of more receive shapes: the documentation's ``EmailRécupèreTout``
example (an array of ``Email`` declared empty, then filled by an assignment).

Same harness as ``test_export_receive_paths.py`` (the private Dovecot, the SMTP sink, the fresh
venv without wlmail): each script is exported, linted (ruff E,F,W,I,UP,B, ruff format, mypy),
run by that venv's Python and by ``wlmail run`` on the same seeded mailbox; stdout, stderr,
exit code and the mailbox left must be the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_export import _lint, _run, _wlmail
from test_export_receive import Servers, both, ca, dovecot, servers, venv

from wlmail.export.program import ExportError, export_python

__all__ = ["ca", "dovecot", "servers", "venv"]  # fixtures shared with test_export_receive.py

DOC = Path(__file__).parent / "doc_examples" / "receive"
GET_ALL = [
    "emailgetall_function_1000018727_en.wl",
    "emailgetall_function_1000018727_mixed.wl",
    "emailgetall_function_1000018727_old.wl",
]


def filled(name: str, password: str) -> str:
    """The doc example with its placeholders filled: the session's properties (the doc sets
    none), and the looper control replaced by ``Info`` (one line per argument)."""
    out = []
    for line in (DOC / name).read_text(encoding="utf-8").splitlines():
        line = line.replace("LooperAddLine(LOOP_EMAIL, ", "Info(")
        out.append(line.replace("LooperAddLine(ZR_EMAIL, ", "Info("))
        if line.endswith(" is emailIMAPSession"):
            session = line.split()[0]
            out += [
                f'{session}.ServerAddress = "imap.example.com"',
                f'{session}.Name = "me@example.com"',
                f'{session}.Password = "{password}"',
            ]
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("right", [True, False], ids=["opened", "refused"])
@pytest.mark.parametrize("name", GET_ALL)
def test_get_all_doc_example_filled_runs_the_same(
    name: str, right: bool, servers: Servers, venv: Path, tmp_path: Path
) -> None:
    """``arr is array of Emails`` then ``arr = EmailGetAll(s, ertNotRead)``: the unread
    messages (the first one of the seed is read), not marked read by the reading."""
    script = filled(name, "app-password" if right else "wrong")
    by_python, by_wlmail, program = both(script, "me@example.com", servers, venv, tmp_path)
    lines = [
        text
        for n in (1, 2)
        for text in ("Bob Bérard <bob@exemple.fr>", f"corps {n} été", f"Relevé {n}")
    ]
    assert by_wlmail == (0, "\n".join(lines) + "\n" if right else "", "")
    assert by_python == by_wlmail
    assert ": list[EmailMessage] = []" in program
    assert '.uid("SEARCH", "UNSEEN", "UNDELETED")' in program
    flags = sorted(flags for _, flags, _ in servers.mailbox("me@example.com"))
    assert flags == ["", "", "S"]  # what was unread stays unread


@pytest.mark.parametrize("name", GET_ALL)
def test_get_all_doc_example_verbatim_is_a_placeholder(name: str) -> None:
    """As written, the doc's session has no server, user or password and its loop fills a
    window control: refused for those placeholders (and the reading of the session that
    cannot open), never for the array or the loop over it."""
    with pytest.raises(ExportError) as caught:
        export_python((DOC / name).read_text(encoding="utf-8"), name)
    reasons = {(p.line, p.message) for p in caught.value.problems}
    assert (8, "a session without AdresseServeur, Nom or MotDePasse") in reasons
    assert (15, "'LooperAddLine' is unknown") in reasons  # a window control's: check's words
    assert not {line for line, _ in reasons} & {5, 14}  # the array, the loop over it


ARRAY_OTHER_USE = """
s is emailIMAPSession
All is array of Email
Info(ArrayCount(All))
All = EmailGetAll(s)
"""


def test_an_array_of_email_used_otherwise_is_refused() -> None:
    with pytest.raises(ExportError) as caught:
        export_python(ARRAY_OTHER_USE, "a.wl")
    assert [p.line for p in caught.value.problems][:1] == [3]


FOLDERS_FR = """
s est une emailSessionIMAP
s.AdresseServeur = "imap.exemple.fr"
s.Nom = "moi@exemple.fr"
s.MotDePasse = "mot-de-passe-d-application"
s.Option = optionSSL
SI PAS EmailOuvreSession(s) ALORS
\tErreur(ErreurInfo())
\tRETOUR
FIN
EmailCréeRépertoire(s, "Reçus été")
EmailCréeRépertoire(s, "A&B")
dossiers est une chaîne = EmailListeRépertoire(s)
Info(ChaîneOccurrence(dossiers, RC) + 1)
Info(Remplace(dossiers, RC, " | "))
EmailFermeSession(s)
"""

FOLDERS_EN = """
EmailStartIMAPSession("me@example.com", "{password}", "imap.example.com", 993, optionSSL)
Info(Replace(EmailListFolder("me@example.com"), CR, ", ") + ".")
EmailCloseSession("me@example.com")
"""


def test_listing_folders_decodes_their_names(servers: Servers, venv: Path, tmp_path: Path) -> None:
    """EmailListeRépertoire: LIST "" "*" decoded from modified UTF-7 by a small function the
    program defines (no helper module), one folder a line as wlmail gives them."""
    by_python, by_wlmail, program = both(FOLDERS_FR, "moi@exemple.fr", servers, venv, tmp_path)
    code, out, err = by_wlmail
    assert (code, err) == (0, "")
    count, listed = out.splitlines()
    assert count == "3" and sorted(listed.split(" | ")) == ["A&B", "INBOX", "Reçus été"]
    assert by_python == by_wlmail
    assert "def mutf7_decode(name: str) -> str:" in program and "_wl import" not in program


@pytest.mark.parametrize("right", [True, False], ids=["opened", "refused"])
def test_listing_folders_after_an_unchecked_open(
    right: bool, servers: Servers, venv: Path, tmp_path: Path
) -> None:
    """A refused login: wlmail's EmailListFolder gives "" (the flag the open sets)."""
    script = FOLDERS_EN.replace("{password}", "app-password" if right else "wrong")
    by_python, by_wlmail, _ = both(script, "me@example.com", servers, venv, tmp_path)
    assert by_wlmail == (0, "INBOX.\n" if right else ".\n", "")
    assert by_python == by_wlmail


SIZES_EN = """
IF NOT EmailStartPOP3Session("me@example.com", "app-password", ...
        "pop.example.com", 995, optionSSL) THEN
\tError(ErrorInfo())
\tRETURN
END
FOR I = 1 TO 4
\tInfo("" + I + ": " + EmailMessageSize("me@example.com", I))
END
EmailReadFirst("me@example.com")
WHILE NOT Email.Out
\tIF Email.Subject = "Relevé 1" THEN EmailDeleteMessage("me@example.com")
\tEmailReadNext("me@example.com")
END
Info("after: " + EmailMessageSize("me@example.com", 2))
EmailCloseSession("me@example.com")
"""


def test_message_sizes_on_pop3(servers: Servers, venv: Path, tmp_path: Path) -> None:
    """EmailTailleMessage: LIST n; 0 past the last message and for a deleted one."""
    by_python, by_wlmail, program = both(SIZES_EN, "me@example.com", servers, venv, tmp_path)
    code, out, err = by_wlmail
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [line.split(": ")[0] for line in lines] == ["1", "2", "3", "4", "after"]
    assert all(int(line.split(": ")[1]) > 100 for line in lines[:3])
    assert lines[3:] == ["4: 0", "after: 0"]
    assert by_python == by_wlmail
    assert "def pop3_size(pop3: poplib.POP3, number: int) -> int:" in program


ATTACHED = (
    b"From: bob@exemple.fr\r\nTo: moi@exemple.fr\r\nSubject: pieces\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\n'
    b"Voir pieces.\r\n--B\r\nContent-Type: application/pdf\r\n"
    b"Content-Disposition: attachment; filename*=utf-8''relev%C3%A9.pdf\r\n"
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--B\r\n"
    b'Content-Type: text/plain\r\nContent-Disposition: attachment; filename="../../evil.sh"\r\n'
    b"\r\necho pwned\r\n--B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
    b"\r\niVBORw0KGgo=\r\n--B\r\nContent-Type: message/rfc822\r\n\r\n"
    b"Subject: x\r\nFrom: y@z\r\n\r\nbody\r\n--B--\r\n"
)

ATTACHMENTS_FR = """
SI PAS EmailOuvreSessionPOP3("moi@exemple.fr", "mot-de-passe-d-application", ...
        "pop.exemple.fr", 995, optionSSL) ALORS
\tErreur(ErreurInfo())
\tRETOUR
FIN
EmailLitPremier("moi@exemple.fr")
TANTQUE PAS Email.EnDehors
\tInfo(Email.Sujet + " : " + Email.NbAttache + " pièce(s)")
\tPOUR i = 1 _À_ Email.NbAttache
\t\tInfo(Email.Attache[i], EmailSauveFichierAttaché(Email.Attache[i], "{out}"))
\tFIN
\tSI Email.NbAttache > 0 ALORS EmailSauveFichierAttaché(Email.Attache[1], "{out}/copie.pdf")
\tEmailLitSuivant("moi@exemple.fr")
FIN
EmailFermeSession("moi@exemple.fr")
"""


def test_attachments_of_the_messages_read(servers: Servers, venv: Path, tmp_path: Path) -> None:
    """Email.NbAttache, Email.Attache[i] and EmailSauveFichierAttaché into a folder, with
    wlmail's rule for a sent name (only its bare name, inside the folder), an unnamed part
    named partN.ext, and a file as destination; a message without attachment saves nothing."""
    user = "moi@exemple.fr"
    results, saved = [], []
    for who in ("python", "wlmail"):
        out = tmp_path / who / "recus"
        out.mkdir(parents=True)
        script = ATTACHMENTS_FR.replace("{out}", str(out))
        source = tmp_path / who / "attach.wl"
        source.write_text(script, encoding="utf-8")
        servers.seed(user)
        servers.dovecot.deliver(user, ATTACHED)
        if who == "python":
            program = tmp_path / who / "attach.py"
            program.write_text(export_python(script, "attach.wl").source, encoding="utf-8")
            _lint(program)
            results.append(_run(venv, program, servers.env()))
        else:
            results.append(_wlmail(source, connect_to=servers.routes, cafile=str(servers.cafile)))
        saved.append(sorted((p.name, p.read_bytes()) for p in out.iterdir()))
    lines = [*(f"Relevé {n} : 0 pièce(s)" for n in range(3)), "pieces : 4 pièce(s)"]
    lines += ["relevé.pdf", "1", "../../evil.sh", "1", "part3.png", "1", "part4.eml", "1"]
    assert results[1] == (0, "\n".join(lines) + "\n", "")
    assert results[0] == results[1]
    assert saved[0] == saved[1]
    assert saved[1] == [
        ("copie.pdf", b"%PDF-1.4\n"),
        ("evil.sh", b"echo pwned"),
        ("part3.png", b"\x89PNG\r\n\x1a\n"),
        ("part4.eml", b"Subject: x\r\nFrom: y@z\r\n\r\nbody"),
        ("relevé.pdf", b"%PDF-1.4\n"),
    ]
    assert not (tmp_path / "evil.sh").exists() and not (tmp_path / "python" / "evil.sh").exists()


OPEN_FR = """SI PAS EmailOuvreSessionPOP3("moi@exemple.fr", "mot-de-passe-d-application", ...
        "pop.exemple.fr", 995, optionSSL) ALORS
\tErreur(ErreurInfo())
\tRETOUR
FIN
"""


def nb_message_filled(past: str) -> str:
    """The EmailNbMessage doc example with its placeholders filled: NomUser a POP3 session
    opened before, CL's fields written by Info; ``past`` reads past the last message."""
    text = (DOC / "emailnbmessage_fonction_3032024_fr.wl").read_text(encoding="utf-8")
    text = text.replace("NomUser", '"moi@exemple.fr"').replace("À nbMSG", "À nbMSG" + past)
    text = text.replace("CL.NOM = Email.Expéditeur", "Info(Email.Expéditeur)")
    text = text.replace("CL.MESSAGE_TXT = Email.Message", "Info(Email.Message)")
    return OPEN_FR + text + 'EmailFermeSession("moi@exemple.fr")\n'


@pytest.mark.parametrize("past", ["", " + 1"], ids=["verbatim-loop", "past-the-end"])
def test_reading_messages_by_number(
    past: str, servers: Servers, venv: Path, tmp_path: Path
) -> None:
    """EmailLitMessage(session, I) in straight-line code and Email.EnDehors: a number past the
    end reads nothing and takes the SINON branch, as in wlmail."""
    script = nb_message_filled(past)
    by_python, by_wlmail, program = both(script, "moi@exemple.fr", servers, venv, tmp_path)
    lines = [x for k in range(3) for x in ("Bob Bérard <bob@exemple.fr>", f"corps {k} été")]
    lines += ["Ce message a été supprimé"] if past else []
    assert by_wlmail == (0, "\n".join(lines) + "\n", "")
    assert by_python == by_wlmail
    assert "if not Email_out:" in program


UNGUARDED = (
    OPEN_FR
    + """
EmailLitMessage("moi@exemple.fr", 5)
Info(Email.Sujet)
"""
)


def test_a_field_read_where_the_read_may_have_failed_is_refused() -> None:
    """wlmail keeps the previous message's fields after a failed read; an unbound Python
    variable cannot: such a read is reported with its line."""
    with pytest.raises(ExportError) as caught:
        export_python(UNGUARDED, "u.wl")
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (8, "a field of Email read where EmailLitMessage may have failed")
    ]


def outlook_on_imap() -> str:
    """The Outlook example of .RécupèreTout, run on IMAP as its note rules: the session's type
    swapped, its properties filled, the looper control's AjouteLigne written by Info."""
    text = (DOC / "variable_emailsessionoutlook_recuperetout_1000022307_fr.wl").read_text("utf-8")
    session = (
        "est une emailSessionIMAP\n"
        'SessionOutlook.AdresseServeur = "imap.exemple.fr"\n'
        'SessionOutlook.Nom = "moi@exemple.fr"\n'
        'SessionOutlook.MotDePasse = "mot-de-passe-d-application"'
    )
    text = text.replace("est une emailSessionOutlook", session)
    return text.replace("ZR_EMAIL.AjouteLigne(", "Info(")


def test_method_forms_of_a_receive_session(servers: Servers, venv: Path, tmp_path: Path) -> None:
    """s.OuvreSession() and s.RécupèreTout(ertNonLus): the method forms of the functions."""
    script = outlook_on_imap()
    by_python, by_wlmail, program = both(script, "moi@exemple.fr", servers, venv, tmp_path)
    lines = [
        text
        for n in (1, 2)
        for text in ("Bob Bérard <bob@exemple.fr>", f"corps {n} été", f"Relevé {n}")
    ]
    assert by_wlmail == (0, "\n".join(lines) + "\n", "")
    assert by_python == by_wlmail
    assert '.uid("SEARCH", "UNSEEN", "UNDELETED")' in program
