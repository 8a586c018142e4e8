"""Tests of the pure MIME layer (wlmail.mail.mime)."""

import email
from datetime import UTC, datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime

import pytest

from wlmail.mail.mime import (
    Attachment,
    MailError,
    MailSpec,
    build_message,
    check_address_syntax,
    envelope,
    guess_content_type,
    render,
)
from wlmail.mail.parse import parse_source

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
_OCTET = "application/octet-stream"
PDF = b"%PDF-1.4\n\x00\xff\xfe binary \r\n end"


def spec_of(**changes: object) -> MailSpec:
    spec = MailSpec(sender="zoe@exemple.fr", to=["jean@exemple.fr"], subject="Test", text="Bonjour")
    for name, value in changes.items():
        setattr(spec, name, value)
    return spec


def built(**changes: object) -> tuple[bytes, EmailMessage]:
    msg, _ = build_message(spec_of(**changes))
    data = render(msg)
    return data, email.message_from_bytes(data, policy=policy.default)


def text_of(part: EmailMessage) -> str:
    content = part.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


def types_of(msg: EmailMessage) -> list[str]:
    return [part.get_content_type() for part in msg.walk()]


# --- structure -----------------------------------------------------------------------------


def test_text_only_is_single_text_plain_part() -> None:
    data, msg = built(text="Bonjour Zoé,\nça va ?")
    assert types_of(msg) == ["text/plain"]
    assert msg.get_content_charset() == "utf-8"
    assert msg["Content-Transfer-Encoding"] == "quoted-printable"
    assert text_of(msg) == "Bonjour Zoé,\nça va ?\n"
    assert b"Zo=C3=A9" in data


def test_ascii_text_with_short_lines_stays_7bit() -> None:
    _, msg = built(text="Hello\nworld")
    assert msg["Content-Transfer-Encoding"] == "7bit"
    assert text_of(msg) == "Hello\nworld\n"


def test_long_ascii_line_is_quoted_printable_and_lines_stay_short() -> None:
    line = "x" * 300
    data, msg = built(text=line)
    assert msg["Content-Transfer-Encoding"] == "quoted-printable"
    assert text_of(msg) == line + "\n"
    assert max(len(raw) for raw in data.split(b"\r\n")) <= 78


def test_html_only_is_single_text_html_part() -> None:
    _, msg = built(text="", html="<p>Été</p>")
    assert types_of(msg) == ["text/html"]
    assert text_of(msg) == "<p>Été</p>\n"


def test_text_and_html_make_multipart_alternative() -> None:
    _, msg = built(text="Texte", html="<b>HTML</b>")
    assert types_of(msg) == ["multipart/alternative", "text/plain", "text/html"]
    plain, html = msg.iter_parts()
    assert isinstance(plain, EmailMessage) and isinstance(html, EmailMessage)
    assert text_of(plain) == "Texte\n"
    assert text_of(html) == "<b>HTML</b>\n"


def test_regular_attachment_makes_multipart_mixed() -> None:
    _, msg = built(attachments=[Attachment("rapport.pdf", PDF)])
    assert types_of(msg) == ["multipart/mixed", "text/plain", "application/pdf"]
    (part,) = msg.iter_attachments()
    assert part.get_content_disposition() == "attachment"
    assert part.get_filename() == "rapport.pdf"
    assert part["Content-Transfer-Encoding"] == "base64"
    assert part.get_content() == PDF


def test_inline_image_with_html_makes_multipart_related() -> None:
    att = Attachment("logo.png", PNG, content_id="logo")
    _, msg = built(text="", html='<img src="cid:logo">', attachments=[att])
    assert types_of(msg) == ["multipart/related", "text/html", "image/png"]
    html, image = msg.iter_parts()
    assert isinstance(html, EmailMessage) and isinstance(image, EmailMessage)
    assert image["Content-ID"] == "<logo>"
    assert 'src="cid:logo"' in text_of(html)
    assert image.get_content_disposition() == "inline"
    assert image.get_content() == PNG


def test_full_structure_mixed_alternative_related() -> None:
    attachments = [
        Attachment("logo.gif", b"GIF89a...", content_type="image/gif", content_id="<logo@ici>"),
        Attachment("rapport.pdf", PDF),
    ]
    _, msg = built(text="Texte", html='<img src="cid:logo@ici">', attachments=attachments)
    assert types_of(msg) == [
        "multipart/mixed",
        "multipart/alternative",
        "text/plain",
        "multipart/related",
        "text/html",
        "image/gif",
        "application/pdf",
    ]
    image = next(part for part in msg.walk() if part.get_content_type() == "image/gif")
    assert image["Content-ID"] == "<logo@ici>"
    body = msg.get_body(("html",))
    assert body is not None and text_of(body) == '<img src="cid:logo@ici">\n'


def test_inline_attachment_without_html_goes_to_mixed() -> None:
    _, msg = built(attachments=[Attachment("logo.png", PNG, content_id="logo")])
    assert types_of(msg) == ["multipart/mixed", "text/plain", "image/png"]
    assert msg.get_payload(1)["Content-ID"] == "<logo>"


def test_empty_message_has_empty_text_part() -> None:
    _, msg = built(text="")
    assert types_of(msg) == ["text/plain"]
    assert text_of(msg) == "\n"


def test_attachment_without_name_is_not_sent() -> None:
    _, msg = built(attachments=[Attachment("", b"lost"), Attachment("kept.txt", b"kept")])
    assert [part.get_filename() for part in msg.iter_attachments()] == ["kept.txt"]


def test_text_attachment_keeps_its_charset_parameter() -> None:
    att = Attachment("notes.txt", "été".encode("latin-1"), "text/plain; charset=iso-8859-1")
    _, msg = built(attachments=[att])
    (part,) = msg.iter_attachments()
    assert part.get_content_type() == "text/plain"
    assert part.get_content_charset() == "iso-8859-1"
    assert part.get_payload(decode=True) == b"\xe9t\xe9"


def test_attachment_description_is_encoded() -> None:
    att = Attachment("a.pdf", PDF, description="Reçu signé")
    data, msg = built(attachments=[att])
    (part,) = msg.iter_attachments()
    assert str(part["Content-Description"]) == "Reçu signé"
    assert b"Content-Description: =?utf-8?q?Re=C3=A7u_sign=C3=A9?=" in data


# --- headers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "subject",
    [
        "Réunion de l'équipe à 14h",
        "Réunion de l'équipe — très importante, vraiment très importante " * 3,
        "  espaces  doubles  é  ",
        "😀 émoji",
        "x" * 120 + " é",
    ],
)
def test_subject_rfc2047_round_trip(subject: str) -> None:
    data, msg = built(subject=subject)
    assert data.isascii()
    assert b"Subject: =?utf-8?q?" in data
    assert str(msg["Subject"]) == subject
    assert parse_source(data).subject == subject
    assert max(len(line) for line in data.split(b"\r\n")) <= 78


def test_ascii_subject_is_written_as_is() -> None:
    data, msg = built(subject="Hello world")
    assert b"\r\nSubject: Hello world\r\n" in data
    assert msg["Subject"] == "Hello world"


@pytest.mark.parametrize(
    ("sender", "name", "addr"),
    [
        ("Zoé Dupont <zoe@exemple.fr>", "Zoé Dupont", "zoe@exemple.fr"),
        ('"Dupont, Zoé" <zoe@exemple.fr>', "Dupont, Zoé", "zoe@exemple.fr"),
        ("Dupont, Zoé <zoe@exemple.fr>", "Dupont, Zoé", "zoe@exemple.fr"),
        ("Jean Dupont <jean@exemple.fr>", "Jean Dupont", "jean@exemple.fr"),
        ("jean@exemple.fr", "", "jean@exemple.fr"),
        ("Zoé <zoe@exemple.fr>", "Zoé", "zoe@exemple.fr"),
    ],
)
def test_display_names_are_encoded(sender: str, name: str, addr: str) -> None:
    data, msg = built(sender=sender)
    (address,) = msg["From"].addresses
    assert (address.display_name, address.addr_spec) == (name, addr)
    assert data.isascii()


def test_long_accented_display_names_survive_parsing() -> None:
    names = ["Éléonore de la Fontaine-Très-Longue Rémi", "Ça a été très bien, merci à vous"]
    to = [f"{name} <u{index}@exemple.fr>" for index, name in enumerate(names)]
    data, _ = built(to=to)
    assert parse_source(data).to == to
    assert max(len(line) for line in data.split(b"\r\n")) <= 78


def test_date_message_id_and_mime_version_are_added() -> None:
    msg, message_id = build_message(spec_of(sender="Zoé <zoe@exemple.fr>"))
    assert msg["MIME-Version"] == "1.0"
    assert msg["Message-ID"] == message_id
    assert message_id.startswith("<") and message_id.endswith("@exemple.fr>")
    assert msg["Date"].datetime.tzinfo is not None
    delta = datetime.now(UTC) - msg["Date"].datetime
    assert timedelta(0) <= delta < timedelta(minutes=1)


def test_message_ids_differ_between_messages() -> None:
    assert build_message(spec_of())[1] != build_message(spec_of())[1]


def test_given_message_id_and_date_are_used() -> None:
    when = datetime(2024, 5, 17, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    msg, message_id = build_message(spec_of(message_id="abc.123@exemple.fr", date=when))
    assert message_id == "<abc.123@exemple.fr>"
    assert msg["Message-ID"] == "<abc.123@exemple.fr>"
    assert msg["Date"] == "Fri, 17 May 2024 09:30:00 +0200"


def test_naive_date_is_taken_as_local_time() -> None:
    when = datetime(2024, 1, 2, 3, 4, 5)
    msg, _ = build_message(spec_of(date=when))
    assert msg["Date"] == format_datetime(when.astimezone())


def test_bad_message_id_is_refused() -> None:
    with pytest.raises(MailError) as info:
        build_message(spec_of(message_id="<a b@c>"))
    assert info.value.code == "bad-message-id"


@pytest.mark.parametrize(
    ("priority", "x_priority", "importance"),
    [(1, "1 (Highest)", "high"), (5, "1 (Highest)", "high"), (-1, "5 (Lowest)", "low")],
)
def test_priority_headers(priority: int, x_priority: str, importance: str) -> None:
    _, msg = built(priority=priority)
    assert msg["X-Priority"] == x_priority
    assert msg["Importance"] == importance


def test_normal_priority_writes_no_priority_header() -> None:
    data, _ = built(priority=0)
    assert b"X-Priority" not in data
    assert b"Importance" not in data


def test_receipt_sensitivity_categories_and_reply_to() -> None:
    _, msg = built(
        sender="Zoé <zoe@exemple.fr>",
        receipt=True,
        sensitivity="company-confidential",
        categories=["Travail", "Équipe"],
        reply_to="Support <support@exemple.fr>",
    )
    assert str(msg["Disposition-Notification-To"]) == "Zoé <zoe@exemple.fr>"
    assert msg["Sensitivity"] == "Company-Confidential"
    assert str(msg["Keywords"]) == "Travail, Équipe"
    assert str(msg["Reply-To"]) == "Support <support@exemple.fr>"
    assert "X-Confirm-Reading-To" not in msg


def test_read_confirmation_asks_for_a_disposition_notification() -> None:
    _, msg = built(read_confirmation=True)
    assert msg["Disposition-Notification-To"] == "zoe@exemple.fr"
    assert msg["X-Confirm-Reading-To"] == "zoe@exemple.fr"


def test_unknown_sensitivity_is_refused() -> None:
    with pytest.raises(MailError) as info:
        build_message(spec_of(sensitivity="secret-défense"))
    assert info.value.code == "bad-sensitivity"


def test_extra_headers_are_written_and_encoded() -> None:
    data, msg = built(extra_headers=[("X-Mailer", "wlmail"), ("X-Note", "déjà vu")])
    assert msg["X-Mailer"] == "wlmail"
    assert str(msg["X-Note"]) == "déjà vu"
    assert b"X-Note: =?utf-8?q?d=C3=A9j=C3=A0_vu?=" in data


@pytest.mark.parametrize("name", ["From", "bcc", "Content-Type", "Subject", "Bad Name", "X:Y", ""])
def test_extra_header_names_that_are_refused(name: str) -> None:
    with pytest.raises(MailError) as info:
        build_message(spec_of(extra_headers=[(name, "x")]))
    assert info.value.code == "bad-header"


# --- bcc and envelope ----------------------------------------------------------------------


def test_bcc_is_in_envelope_but_never_in_headers() -> None:
    spec = spec_of(cc=["copie@exemple.fr"], bcc=["Secret Agent <secret@cache.fr>"])
    msg, _ = build_message(spec)
    data = render(msg)
    assert b"secret@cache.fr" not in data
    assert b"Bcc" not in data
    assert envelope(spec) == (
        "zoe@exemple.fr",
        ["jean@exemple.fr", "copie@exemple.fr", "secret@cache.fr"],
    )


def test_bcc_header_on_request() -> None:
    msg, _ = build_message(spec_of(bcc=["secret@cache.fr"]), bcc_header=True)
    assert msg["Bcc"] == "secret@cache.fr"


def test_envelope_uses_address_parts_and_removes_duplicates() -> None:
    spec = MailSpec(
        sender="Zoé Dupont <zoe@exemple.fr>",
        to=["Jean <jean@exemple.fr>", "b@exemple.fr", ""],
        cc=["JEAN@exemple.fr", "c@exemple.fr"],
        bcc=["b@exemple.fr", "d@exemple.fr"],
    )
    assert envelope(spec) == (
        "zoe@exemple.fr",
        ["jean@exemple.fr", "b@exemple.fr", "c@exemple.fr", "d@exemple.fr"],
    )


def test_envelope_and_headers_use_punycode_for_idn_domains() -> None:
    spec = spec_of(to=["Zoé <zoe@exemple-été.fr>"])
    assert envelope(spec)[1] == ["zoe@xn--exemple-t-i4ab.fr"]
    assert b"<zoe@xn--exemple-t-i4ab.fr>" in render(build_message(spec)[0])


def test_envelope_validates_like_build() -> None:
    with pytest.raises(MailError) as info:
        envelope(spec_of(to=[], cc=[], bcc=[]))
    assert info.value.code == "no-recipient"


# --- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["\r", "\n", "\r\n", "\x00"])
@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("subject", lambda s, v: setattr(s, "subject", f"Hello{v}Bcc: victim@x.fr")),
        ("sender", lambda s, v: setattr(s, "sender", f"zoe@exemple.fr{v}")),
        ("to[2]", lambda s, v: s.to.append(f"x@y.fr{v}Bcc: victim@x.fr")),
        ("cc[1]", lambda s, v: setattr(s, "cc", [f"Name{v} <x@y.fr>"])),
        ("bcc[1]", lambda s, v: setattr(s, "bcc", [f"x@y.fr{v}"])),
        ("reply_to", lambda s, v: setattr(s, "reply_to", f"x@y.fr{v}")),
        ("categories[1]", lambda s, v: setattr(s, "categories", [f"a{v}b"])),
        (
            "attachments[1].name",
            lambda s, v: s.attachments.append(Attachment(f"a{v}.pdf", b"", "application/pdf")),
        ),
        (
            "attachments[1].content_id",
            lambda s, v: s.attachments.append(Attachment("a.png", b"", content_id=f"a{v}")),
        ),
        (
            "attachments[1].description",
            lambda s, v: s.attachments.append(Attachment("a.png", b"", description=f"a{v}")),
        ),
        ("extra_headers[1]", lambda s, v: s.extra_headers.append(("X-Test", f"a{v}Bcc: x@y"))),
        ("extra_headers[1]", lambda s, v: s.extra_headers.append((f"X-Test{v}", "a"))),
    ],
)
def test_header_injection_is_refused(where: str, change: object, bad: str) -> None:
    spec = spec_of()
    assert callable(change)
    change(spec, bad)
    with pytest.raises(MailError) as info:
        build_message(spec)
    assert info.value.code == "header-injection"
    assert info.value.field == where
    assert where in str(info.value)


@pytest.mark.parametrize(("to", "cc", "bcc"), [([], [], []), (["", "  "], [""], [])])
def test_no_recipient_is_refused(to: list[str], cc: list[str], bcc: list[str]) -> None:
    with pytest.raises(MailError) as info:
        build_message(spec_of(to=to, cc=cc, bcc=bcc))
    assert info.value.code == "no-recipient"


def test_only_bcc_is_enough() -> None:
    spec = spec_of(to=[], bcc=["secret@cache.fr"])
    msg, _ = build_message(spec)
    assert "To" not in msg
    assert envelope(spec)[1] == ["secret@cache.fr"]


@pytest.mark.parametrize("sender", ["", "   "])
def test_no_sender_is_refused(sender: str) -> None:
    with pytest.raises(MailError) as info:
        build_message(spec_of(sender=sender))
    assert info.value.code == "no-sender"
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "address",
    [
        "garbage",
        "a b@exemple.fr",
        "@exemple.fr",
        "zoe@",
        "zoe@@exemple.fr",
        "Zoé <pas-une-adresse>",
        "a@exemple.fr, b@exemple.fr",
        "zoe@exemple..fr",
        "zoé@exemple.fr",
        "<>",
    ],
)
def test_bad_recipient_address_is_refused(address: str) -> None:
    with pytest.raises(MailError) as info:
        build_message(spec_of(to=["ok@exemple.fr", address]))
    assert info.value.code == "bad-address"
    assert info.value.field == "to[2]"


def test_bad_sender_address_is_refused() -> None:
    with pytest.raises(MailError) as info:
        build_message(spec_of(sender="Zoé Dupont"))
    assert (info.value.code, info.value.field) == ("bad-address", "sender")


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("root@localhost", "root@localhost"),
        ("Name <a@b>", "a@b"),
        ("  zoe@exemple.fr  ", "zoe@exemple.fr"),
        ("<zoe@exemple.fr>", "zoe@exemple.fr"),
        ('"Dupont, Zoé" < zoe@exemple.fr >', "zoe@exemple.fr"),
    ],
)
def test_lenient_addresses_are_accepted_for_sending(address: str, expected: str) -> None:
    assert envelope(spec_of(sender=address))[0] == expected


def test_second_sender_extra_header_is_refused() -> None:
    headers = [("Sender", "a@exemple.fr"), ("Sender", "b@exemple.fr")]
    with pytest.raises(MailError) as info:
        build_message(spec_of(extra_headers=headers))
    assert (info.value.code, info.value.field) == ("bad-header", "extra_headers[2]")


def test_bad_content_type_is_refused() -> None:
    with pytest.raises(MailError) as info:
        build_message(spec_of(attachments=[Attachment("a.bin", b"x", "not a type")]))
    assert (info.value.code, info.value.field) == ("bad-content-type", "attachments[1]")


def test_bad_content_id_is_refused() -> None:
    with pytest.raises(MailError) as info:
        build_message(spec_of(attachments=[Attachment("a.png", b"x", content_id="a b")]))
    assert info.value.code == "bad-content-id"


def test_multipart_content_type_is_sent_as_opaque_data() -> None:
    att = Attachment("a.eml", b"Subject: x\r\n\r\nbody", "message/rfc822")
    _, msg = built(attachments=[att])
    (part,) = msg.iter_attachments()
    assert part.get_content_type() == "application/octet-stream"
    assert part.get_content() == b"Subject: x\r\n\r\nbody"


# --- attachments ---------------------------------------------------------------------------


def test_non_ascii_filename_uses_rfc2231() -> None:
    name = "Reçu été 2024 — très long nom de fichier pour voir le repliement.pdf"
    data, msg = built(attachments=[Attachment(name, PDF)])
    assert b"filename*0*=utf-8''Re%C3%A7u%20%C3%A9t%C3%A9" in data
    (part,) = msg.iter_attachments()
    assert part.get_filename() == name
    assert part.get_content_type() == "application/pdf"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rapport.pdf", "application/pdf"),
        ("PHOTO.JPG", "image/jpeg"),
        ("logo.png", "image/png"),
        ("archive.tar.gz", "application/gzip"),
        ("données.csv", "text/csv"),
        ("sans-extension", "application/octet-stream"),
        ("bizarre.zzzz", "application/octet-stream"),
    ],
)
def test_content_type_is_guessed_from_name(name: str, expected: str) -> None:
    assert guess_content_type(name) == expected
    assert Attachment(name, b"").content_type == expected


def test_explicit_content_type_wins() -> None:
    assert Attachment("logo.png", b"", "image/gif").content_type == "image/gif"


# --- render --------------------------------------------------------------------------------


def test_render_is_deterministic_and_uses_crlf() -> None:
    attachments = [Attachment("logo.png", PNG, content_id="logo"), Attachment("a.pdf", PDF)]
    msg, _ = build_message(spec_of(html="<p>é</p>", attachments=attachments))
    first = render(msg)
    assert render(msg) == first
    assert b"\n" not in first.replace(b"\r\n", b"")
    assert first.isascii()
    assert first.endswith(b"\r\n")


# --- parse_source --------------------------------------------------------------------------


def full_spec() -> MailSpec:
    return MailSpec(
        sender="Zoé Dupont <zoe@exemple.fr>",
        to=["Jean Martin <jean@exemple.fr>", "Dupont, Zoé <zd@exemple.fr>"],
        cc=["copie@exemple.fr"],
        bcc=["secret@cache.fr"],
        subject="Réunion de l'équipe — très importante",
        text="Bonjour,\n\nLigne accentuée : é à ç.\n" + "long " * 40,
        html='<p>Bonjour <img src="cid:logo"></p>',
        attachments=[
            Attachment("logo.png", PNG, content_id="logo"),
            Attachment("Reçu été.pdf", PDF, description="Reçu signé"),
            Attachment("notes.txt", b"line 1\r\nline 2\r\n"),
        ],
        reply_to="Support <support@exemple.fr>",
        priority=-3,
        receipt=True,
        sensitivity="Private",
        categories=["Travail", "Équipe"],
        date=datetime(2024, 5, 17, 9, 30, tzinfo=timezone(timedelta(hours=2))),
        message_id="<fixed.1@exemple.fr>",
        extra_headers=[("X-Mailer", "wlmail"), ("X-Note", "déjà vu")],
    )


def test_parse_source_round_trip() -> None:
    spec = full_spec()
    msg, _ = build_message(spec)
    back = parse_source(render(msg))
    assert back.sender == spec.sender
    assert back.to == spec.to
    assert back.cc == spec.cc
    assert back.bcc == []
    assert back.subject == spec.subject
    assert back.text == spec.text
    assert back.html == spec.html
    assert back.attachments == [
        Attachment("logo.png", PNG, "image/png", content_id="logo"),
        Attachment("Reçu été.pdf", PDF, "application/pdf", description="Reçu signé"),
        Attachment("notes.txt", b"line 1\r\nline 2\r\n", "text/plain"),
    ]
    assert back.reply_to == spec.reply_to
    assert back.priority == -1
    assert back.receipt is True
    assert back.read_confirmation is False
    assert back.sensitivity == "Private"
    assert back.categories == spec.categories
    assert back.date == spec.date
    assert back.message_id == "<fixed.1@exemple.fr>"
    assert back.extra_headers == spec.extra_headers


def test_parse_then_build_gives_the_same_message() -> None:
    spec = full_spec()
    spec.bcc = []
    first = render(build_message(spec)[0])
    again = parse_source(first)
    assert parse_source(render(build_message(again)[0])) == again


def test_parse_source_accepts_text_and_bcc_header() -> None:
    msg, _ = build_message(spec_of(bcc=["secret@cache.fr"]), bcc_header=True)
    back = parse_source(render(msg).decode("ascii"))
    assert back.bcc == ["secret@cache.fr"]
    assert back.to == ["jean@exemple.fr"]
    assert back.text == "Bonjour"


FOREIGN = (
    b"From: =?iso-8859-1?q?Andr=E9?= =?iso-8859-1?q?_Gide?= <andre@exemple.fr>\r\n"
    b"To: undisclosed-recipients:;\r\n"
    b"Cc: a@exemple.fr,\r\n"
    b'  "B, C" <bc@exemple.fr>\r\n'
    b"Subject: =?utf-8?b?w4l0w6kgMjAyNA==?=\r\n"
    b" suite\r\n"
    b"Date: not a date\r\n"
    b"X-Priority: 2\r\n"
    b"Keywords: un,deux , trois\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: multipart/mixed; boundary=XYZ\r\n"
    b"\r\n"
    b"--XYZ\r\n"
    b"Content-Type: text/plain; charset=iso-8859-1\r\n"
    b"Content-Transfer-Encoding: quoted-printable\r\n"
    b"\r\n"
    b"Caf=E9 cr=E8me\r\n"
    b"--XYZ\r\n"
    b"Content-Type: application/octet-stream\r\n"
    b"Content-Transfer-Encoding: base64\r\n"
    b"\r\n"
    b"AAEC\r\n"
    b"--XYZ--\r\n"
)


def test_parse_foreign_message() -> None:
    spec = parse_source(FOREIGN)
    assert spec.sender == "André Gide <andre@exemple.fr>"
    assert spec.to == []
    assert spec.cc == ["a@exemple.fr", "B, C <bc@exemple.fr>"]
    assert spec.subject == "Été 2024 suite"
    assert spec.text == "Café crème"
    assert spec.html == ""
    assert spec.attachments == [Attachment("part1.bin", b"\x00\x01\x02", _OCTET)]
    assert spec.date is None
    assert spec.priority == 1
    assert spec.categories == ["un", "deux", "trois"]
    assert spec.message_id == ""
    assert spec.extra_headers == []


def test_parse_importance_without_x_priority() -> None:
    source = b"From: a@b.fr\r\nImportance: Low\r\n\r\nx\r\n"
    assert parse_source(source).priority == -1


def test_parse_raw_utf8_headers() -> None:
    source = "From: Zoé <zoe@exemple.fr>\r\nSubject: Été\r\n\r\nCorps é\r\n".encode()
    spec = parse_source(source)
    assert spec.sender == "Zoé <zoe@exemple.fr>"
    assert spec.subject == "Été"
    assert spec.text == "Corps é"


# --- address syntax ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "zoe@exemple.fr",
        "zoe.dupont+tag@mail.exemple.fr",
        "o'brien@exemple.co.uk",
        "x@a-b.example",
        "user@[192.0.2.1]",
        "user@[IPv6:2001:db8::1]",
        '"quoted.local"@exemple.fr',
        "zoe@exemple-été.fr",
        "a" * 64 + "@exemple.fr",
        "a@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + "." + "e" * 60,
    ],
)
def test_good_address_syntax(address: str) -> None:
    assert check_address_syntax(address) is True


@pytest.mark.parametrize(
    "address",
    [
        "",
        "zoe",
        "zoe@localhost",
        "zoe@exemple",
        "@exemple.fr",
        "zoe@",
        "zoe @exemple.fr",
        "zoe@exemple .fr",
        "zoe@exemple.fr\n",
        "zoe\x00@exemple.fr",
        "zo\te@exemple.fr",
        ".zoe@exemple.fr",
        "zoe.@exemple.fr",
        "zo..e@exemple.fr",
        "zoe@-exemple.fr",
        "zoe@exemple-.fr",
        "zoe@exemple..fr",
        "zoe@exemple.fr.",
        "zoe@1.2.3.4",
        "user@[999.0.0.1]",
        "user@[IPv6:zz::1]",
        "a@b@exemple.fr",
        "Zoé <zoe@exemple.fr>",
        "zoé@exemple.fr",
        "a" * 65 + "@exemple.fr",
        "a@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 63 + "." + "e" * 61,
        "a@" + "b" * 64 + ".fr",
    ],
)
def test_bad_address_syntax(address: str) -> None:
    assert check_address_syntax(address) is False


@pytest.mark.parametrize(
    "raw",
    [
        b"From: =?utf-8?q?Andr=C3=A9?= <a@b.fr>\r\nTo: x@y.fr,\r\n z@y.fr\r\nCc: c@y.fr\r\n"
        b"Subject: =?utf-8?q?Relev=C3=A9?=\r\n =?utf-8?q?_mensuel?=\r\n"
        b"Date: Thu, 03 Dec 2026 08:00:00 +0100\r\nMessage-ID: <1@b.fr>\r\nX-Priority: 1\r\n"
        b"Keywords: a, b\r\nX-Custom: v\r\n\r\nbody\r\n",
        "From: Zoë <z@b.fr>\r\nTo: t@b.fr\r\nSubject: déjà vu\r\n\r\nx\r\n".encode(),
        b"Subject: plain\r\nReply-To: r@b.fr\r\nDisposition-Notification-To: a@b.fr\r\n"
        b"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\nhi\r\n--x--\r\n",
    ],
)
def test_headers_only_reads_the_same_header_fields_as_a_full_parse(raw: bytes) -> None:
    head = raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
    full, quick = parse_source(raw), parse_source(head, headers_only=True)
    for name in ("sender", "to", "cc", "subject", "reply_to", "priority", "receipt", "date"):
        assert getattr(quick, name) == getattr(full, name), name
    assert (quick.message_id, quick.categories) == (full.message_id, full.categories)
    assert quick.extra_headers == full.extra_headers
    assert (quick.text, quick.html, quick.attachments) == ("", "", [])
