"""Header safety, property-based (issue 15 §1-2, SECURITY.md §5).

Whatever text a script puts in a header field, either the message is refused (``Faux`` +
``ErreurInfo``, nothing sent) or the bytes the server receives parse back to exactly the expected
header set, with the field's text intact. The refusal covers every character that any
line-splitting rule treats as a break (``str.splitlines()``: the ``email`` package folds headers
at all of them, the class of CPython's CVE-2024-6923), so the check holds whatever the Python patch
level. ``test_injection.py`` runs each such character through every field of a real send.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from email import message_from_bytes
from email import policy as email_policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import getaddresses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mail_support import ServerThread, run_wl
from test_faults_more import FaultSMTP

from wlmail.mail.mime import Attachment, MailError, MailSpec, build_message, forbidden_char, render

LINE_SPLITTERS = [c for c in range(sys.maxunicode + 1) if len(f"a{chr(c)}b".splitlines()) > 1]
CONTROLS = [*range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0)]

#: text with every kind of character, line breaks and controls included
ANY_TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from([chr(c) for c in (*LINE_SPLITTERS, *CONTROLS, 0x202E, 0x2066, 0xFEFF)]),
    ),
    max_size=40,
)
#: text that may go into a header: no control character, TAB and bidi/format marks allowed
SAFE_TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
        st.sampled_from(["\t", " ", "\u202e", "\u2066", "é", "日", "😀", "=", "?", '"']),
    ),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")

FIELDS = ("subject", "sender_name", "to_name", "cc_name", "attachment", "description", "category")


def test_every_line_splitter_and_control_is_refused() -> None:
    assert {10, 11, 12, 13, 28, 29, 30, 133, 0x2028, 0x2029} == set(LINE_SPLITTERS)
    for code in (*LINE_SPLITTERS, *CONTROLS):
        assert forbidden_char(f"ok{chr(code)}ok") == f"U+{code:04X}"
    assert forbidden_char("tab\tand accents é, bidi \u202e, emoji 😀") is None


def _spec(field: str, text: str) -> MailSpec:
    spec = MailSpec(
        sender="Service <service@exemple.fr>",
        to=["Bob <bob@exemple.fr>"],
        cc=["carole@exemple.fr"],
        subject="Bonjour",
        text="corps",
        attachments=[Attachment("a.txt", b"abc")],
    )
    if field == "subject":
        spec.subject = text
    elif field == "sender_name":
        spec.sender = f"{text} <service@exemple.fr>"
    elif field == "to_name":
        spec.to = [f"{text} <bob@exemple.fr>"]
    elif field == "cc_name":
        spec.cc = [f"{text} <carole@exemple.fr>"]
    elif field == "attachment":
        spec.attachments = [Attachment("f" + text, b"abc", "text/plain")]
    elif field == "description":
        spec.attachments = [Attachment("a.txt", b"abc", description=text)]
    else:
        spec.categories = [text]
    return spec


TOP = ["Date", "From", "To", "Cc", "Subject", "Message-ID", "MIME-Version", "Content-Type"]


def _header_lines(data: bytes) -> list[bytes]:
    head = data.split(b"\r\n\r\n", 1)[0]
    return head.split(b"\r\n")


def _extra(field: str, text: str) -> str:
    """The optional header that the field's text adds: Keywords, Content-Description or none."""
    if field == "category" and text.strip():
        return "Keywords"
    return "Content-Description" if field == "description" and text else ""


def assert_header_set(data: bytes, extra: str = "") -> EmailMessage:
    """The received bytes hold exactly the expected headers, each line a header or a fold."""
    # nothing but CRLF pairs, TAB and printable ASCII in the headers of every part
    for block in re.split(rb"\r\n--=_wlmail_[0-9a-f]+(?:--)?\r\n", data):
        for line in _header_lines(block):
            assert re.fullmatch(rb"[\t\x20-\x7e]*", line), line
    lines = _header_lines(data)
    names = [line.split(b":", 1)[0].decode() for line in lines if line[:1] not in (b" ", b"\t")]
    expected = TOP + ([extra] if extra == "Keywords" else [])
    assert sorted(names) == sorted(expected), names
    msg = message_from_bytes(data, policy=email_policy.default)
    assert isinstance(msg, EmailMessage)
    parts = list(msg.iter_attachments())
    assert len(parts) == 1
    part_headers = {"Content-Type", "Content-Transfer-Encoding", "Content-Disposition"}
    if extra == "Content-Description":
        part_headers.add(extra)
    assert set(parts[0].keys()) == part_headers
    return msg


def _shown(text: str) -> str:
    return " ".join(text.split())


def _decoded(msg: EmailMessage, name: str) -> str:
    """A header's text by RFC 2047's rules (white space between encoded words dropped); the
    legacy decoder, since 3.11's address parser keeps a space there."""
    raw = "".join(str(v) for k, v in msg.raw_items() if k == name).replace("\r\n", "")
    return str(make_header(decode_header(raw)))


def _name(msg: EmailMessage, name: str) -> str:
    raw = next(str(v) for k, v in msg.raw_items() if k == name).replace("\r\n", "")
    display = getaddresses([raw])[0][0]
    return str(make_header(decode_header(display)))


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(FIELDS), text=ANY_TEXT)
def test_any_text_is_refused_or_parses_back_to_the_expected_headers(field: str, text: str) -> None:
    spec = _spec(field, text)
    try:
        msg, _ = build_message(spec)
    except MailError as err:
        if forbidden_char(text) is not None:
            assert err.code == "header-injection" and err.char == forbidden_char(text)
        else:
            assert err.code != "header-injection"
        return
    assert forbidden_char(text) is None
    assert_header_set(render(msg), _extra(field, text))


@settings(max_examples=200, deadline=None)
@given(field=st.sampled_from(FIELDS), text=SAFE_TEXT)
def test_safe_text_comes_back_intact(field: str, text: str) -> None:
    try:
        msg, _ = build_message(_spec(field, text))
    except MailError as err:
        assert err.code in ("bad-address",), err  # "<" or "@" in a display name, say
        return
    parsed = assert_header_set(render(msg), _extra(field, text))
    if field == "subject":
        assert _shown(_decoded(parsed, "Subject")) == _shown(text)
    elif field == "attachment":
        part = next(parsed.iter_attachments())
        assert _shown(part.get_filename() or "") == _shown("f" + text)
    elif field == "sender_name":
        assert _shown(_name(parsed, "From")) == _shown(text)


# ---- on the wire: the exploit of the issue, and random safe text through a real send ----------
@pytest.fixture(scope="module")
def thread() -> Iterator[ServerThread]:
    th = ServerThread()
    yield th
    th.stop()


@pytest.fixture(scope="module")
def sink(thread: ServerThread) -> Iterator[FaultSMTP]:
    srv = thread.call(FaultSMTP(starttls=False, auth=False).start())
    yield srv
    thread.call(srv.stop())


EXPLOIT = (
    '"Service" + Caract({c}) + "Reply-To: attacker@evil.test" + Caract({c}) + '
    '"X-Pad: <a@probe.test>"'
)


@pytest.mark.parametrize("code", [11, 12, 28, 29, 30, 133, 8232, 8233])
@pytest.mark.parametrize("prop", ["Expéditeur", "Destinataire", "Cc", "Sujet", "Attache[1].Nom"])
def test_the_reported_exploit_is_refused_and_nothing_is_sent(
    sink: FaultSMTP, prop: str, code: int
) -> None:
    before = len(sink.messages)
    value = EXPLOIT.format(c=code)
    if prop in ("Destinataire", "Cc"):
        value = value.replace("a@probe.test", "bob@exemple.fr")
    result = run_wl(
        f"""
        EmailOuvreSessionSMTP("alice", "smtp.exemple.test")
        m est un Email
        m.Expéditeur = "Service <service@exemple.fr>"
        m.Destinataire = "bob@exemple.fr"
        m.Sujet = "Relevé"
        m.Attache[1].Nom = "a.txt"
        m.Attache[1].Contenu = "abc"
        m.{prop} = {value}
        SI EmailEnvoieMessage("alice", m) ALORS Info("envoyé") SINON Info(ErreurInfo())
        """,
        connect_to=[("smtp.exemple.test", 0, "127.0.0.1", sink.port)],
    )
    field = prop.replace("Destinataire", "Destinataire[1]").replace("Cc", "Cc[1]")
    assert (result.code, result.err) == (0, "")
    assert result.lines == [
        f"saut de ligne ou caractère de contrôle (U+{code:04X}) interdit dans {field} : "
        "rien n'a été envoyé"
    ]
    assert len(sink.messages) == before


def _literal(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=SAFE_TEXT.filter(lambda t: not re.search(r"[<>@,;\"\\\[\]%]", t)))
def test_random_safe_subject_and_names_over_the_wire(sink: FaultSMTP, text: str) -> None:
    before = len(sink.messages)
    result = run_wl(
        f"""
        EmailOuvreSessionSMTP("alice", "smtp.exemple.test")
        m est un Email
        m.Expéditeur = {_literal(text)} + " <service@exemple.fr>"
        m.Destinataire = {_literal(text)} + " <bob@exemple.fr>"
        m.Cc = "carole@exemple.fr"
        m.Sujet = {_literal(text)}
        m.Attache[1].Nom = {_literal(text)}
        m.Attache[1].Contenu = "abc"
        SI EmailEnvoieMessage("alice", m) ALORS Info("envoyé") SINON Info(ErreurInfo())
        """,
        connect_to=[("smtp.exemple.test", 0, "127.0.0.1", sink.port)],
    )
    assert (result.code, result.lines, result.err) == (0, ["envoyé"], "")
    assert len(sink.messages) == before + 1
    msg = assert_header_set(sink.messages[-1])
    assert _shown(_decoded(msg, "Subject")) == _shown(text)
    assert _shown(_name(msg, "To")) == _shown(text)
