"""The sandbox SMTP server, exercised with real aiosmtplib clients over loopback TLS.

Every test runs its own event loop (``asyncio.run``) under a deadline, starts a fresh
``SandboxSMTP`` with ``async with`` (so the server always stops) and never touches the network.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import socket
import ssl
from collections.abc import Coroutine
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypeVar

import aiosmtplib
import pytest

from wlmail.sandbox.certs import RunCA
from wlmail.sandbox.smtp_server import (
    BIND_HOST,
    Received,
    SandboxSMTP,
    parse_xoauth2,
    safe_filename,
    summary_line,
)

T = TypeVar("T")

DEADLINE = 5.0  # seconds; a hang fails the test instead of the whole run
CLIENT = "client.test"  # explicit EHLO name: aiosmtplib would otherwise call socket.getfqdn()
PASSWORD = "s3cret-Pa55"
TOKEN = "ya29.good-token"
ROUTED = "smtp.gmail.com"


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` in a new event loop, failing after ``DEADLINE`` seconds."""

    async def bounded() -> T:
        async with asyncio.timeout(DEADLINE):
            return await coro

    return asyncio.run(bounded())


@pytest.fixture(scope="module")
def ca() -> RunCA:
    return RunCA([ROUTED])


def check_password(user: str, password: str) -> bool:
    return (user, password) == ("alice@exemple.fr", PASSWORD)


def check_token(user: str, token: str) -> bool:
    return (user, token) == ("alice@gmail.com", TOKEN)


def make_server(ca: RunCA, **kwargs: Any) -> SandboxSMTP:
    kwargs.setdefault("check_password", check_password)
    kwargs.setdefault("check_token", check_token)
    return SandboxSMTP(ca, hostname="sandbox.test", **kwargs)


def make_message(subject: str = "Réunion d'été ✓") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = "Alice Dupré <alice@exemple.fr>"
    msg["To"] = "bob@exemple.fr"
    msg["Cc"] = "carole@exemple.fr"
    msg["Bcc"] = "dave@exemple.fr"
    msg["Subject"] = subject
    msg.set_content("Bonjour,\nà demain à 9 h.\n")
    return msg


def client(ca: RunCA, port: int, **kwargs: Any) -> aiosmtplib.SMTP:
    kwargs.setdefault("tls_context", ca.client_context())
    kwargs.setdefault("hostname", BIND_HOST)
    return aiosmtplib.SMTP(port=port, local_hostname=CLIENT, timeout=DEADLINE, **kwargs)


async def send_one(smtp: aiosmtplib.SMTP, msg: EmailMessage | None = None) -> None:
    async with smtp:
        await smtp.send_message(msg or make_message())


# -- authentication and TLS modes -----------------------------------------------------------------


def test_starttls_plain(ca: RunCA) -> None:
    async def scenario() -> list[Received]:
        async with make_server(ca, require_starttls=True, auth_required=True) as srv:
            smtp = client(ca, srv.starttls_port, start_tls=True)
            async with smtp:
                await smtp.ehlo()  # aiosmtplib forgets the extensions after STARTTLS
                assert smtp.supports_extension("auth")
                await smtp.login("alice@exemple.fr", PASSWORD)  # PLAIN is tried before LOGIN
                await smtp.send_message(make_message())
            return srv.messages

    [rec] = run(scenario())
    assert (rec.auth_mechanism, rec.login, rec.tls) == ("PLAIN", "alice@exemple.fr", "starttls")


def test_starttls_login(ca: RunCA) -> None:
    async def scenario() -> list[Received]:
        async with make_server(ca, auth_required=True, mechanisms=["LOGIN"]) as srv:
            smtp = client(ca, srv.starttls_port, start_tls=True)
            async with smtp:
                await smtp.ehlo()
                assert smtp.server_auth_methods == ["login"]
                await smtp.login("alice@exemple.fr", PASSWORD)
                await smtp.send_message(make_message())
            return srv.messages

    [rec] = run(scenario())
    assert (rec.auth_mechanism, rec.login, rec.tls) == ("LOGIN", "alice@exemple.fr", "starttls")


def test_implicit_tls_plain(ca: RunCA) -> None:
    async def scenario() -> list[Received]:
        async with make_server(ca, auth_required=True) as srv:
            smtp = client(
                ca, srv.implicit_port, use_tls=True, username="alice@exemple.fr", password=PASSWORD
            )
            await send_one(smtp)
            return srv.messages

    [rec] = run(scenario())
    assert (rec.auth_mechanism, rec.login, rec.tls) == ("PLAIN", "alice@exemple.fr", "implicit")


def test_xoauth2_success(ca: RunCA) -> None:
    async def token() -> str:
        return TOKEN

    async def scenario() -> list[Received]:
        async with make_server(ca, require_starttls=True, auth_required=True) as srv:
            smtp = client(
                ca,
                srv.starttls_port,
                start_tls=True,
                username="alice@gmail.com",
                oauth_token_generator=token,
            )
            await send_one(smtp)
            return srv.messages

    [rec] = run(scenario())
    assert (rec.auth_mechanism, rec.login, rec.tls) == ("XOAUTH2", "alice@gmail.com", "starttls")


def test_xoauth2_bad_token_is_535_without_hanging(ca: RunCA) -> None:
    async def token() -> str:
        return "expired-token"

    async def scenario() -> SandboxSMTP:
        async with make_server(ca, auth_required=True) as srv:
            smtp = client(
                ca,
                srv.implicit_port,
                use_tls=True,
                username="alice@gmail.com",
                oauth_token_generator=token,
            )
            with pytest.raises(aiosmtplib.SMTPAuthenticationError) as info:
                async with asyncio.timeout(3):
                    await smtp.connect()
            assert info.value.code == 535
            smtp.close()
            return srv

    assert run(scenario()).messages == []


def test_xoauth2_error_challenge_like_gmail(ca: RunCA) -> None:
    """Raw dialogue: 334 <base64 JSON error>, the client's empty line, then 535."""

    async def scenario() -> list[bytes]:
        async with make_server(ca) as srv:
            reader, writer = await asyncio.open_connection(
                BIND_HOST, srv.implicit_port, ssl=ca.client_context(), server_hostname="localhost"
            )
            replies = [await reader.readline()]
            for line in (
                f"EHLO {CLIENT}",
                "AUTH XOAUTH2 "
                + base64.b64encode(b"user=alice@gmail.com\x01auth=Bearer nope\x01\x01").decode(),
                "",
            ):
                writer.write(line.encode() + b"\r\n")
                reply = await reader.readline()
                while reply[3:4] == b"-":  # multi-line EHLO reply
                    reply = await reader.readline()
                replies.append(reply)
            writer.close()
            await writer.wait_closed()
            return replies

    greeting, _ehlo, challenge, final = run(scenario())
    assert greeting.startswith(b"220 sandbox.test ")
    assert challenge.startswith(b"334 ")
    assert json.loads(base64.b64decode(challenge[4:].strip()))["status"] == "401"
    assert final.startswith(b"535 5.7.8")


def test_xoauth2_without_initial_response(ca: RunCA) -> None:
    """``AUTH XOAUTH2`` alone gets an empty 334 challenge; the answer carries the credentials."""

    async def scenario() -> tuple[list[bytes], list[Received]]:
        async with make_server(ca) as srv:
            reader, writer = await asyncio.open_connection(
                BIND_HOST, srv.implicit_port, ssl=ca.client_context(), server_hostname=ROUTED
            )
            replies = [await reader.readline()]
            blob = base64.b64encode(f"user=alice@gmail.com\x01auth=Bearer {TOKEN}\x01\x01".encode())
            for line in (f"EHLO {CLIENT}".encode(), b"AUTH XOAUTH2", blob):
                writer.write(line + b"\r\n")
                reply = await reader.readline()
                while reply[3:4] == b"-":
                    reply = await reader.readline()
                replies.append(reply)
            writer.write(b"QUIT\r\n")
            await reader.read()
            writer.close()
            await writer.wait_closed()
            return replies, srv.messages

    (_greeting, _ehlo, challenge, final), messages = run(scenario())
    assert challenge == b"334 \r\n"  # empty challenge, trailing space per RFC 4954
    assert final.startswith(b"235")
    assert messages == []


def test_wrong_password_is_535(ca: RunCA) -> None:
    calls: list[tuple[str, str]] = []

    def spy(user: str, password: str) -> bool:
        calls.append((user, password))
        return False

    async def scenario() -> SandboxSMTP:
        async with make_server(ca, auth_required=True, check_password=spy) as srv:
            smtp = client(ca, srv.starttls_port, start_tls=True)
            async with smtp:
                await smtp.ehlo()  # auth_plain() does not send EHLO itself
                with pytest.raises(aiosmtplib.SMTPAuthenticationError) as info:
                    await smtp.auth_plain("alice@exemple.fr", "wrong")
                assert info.value.code == 535
                with pytest.raises(aiosmtplib.SMTPSenderRefused) as refused:
                    await smtp.send_message(make_message())
                assert refused.value.code == 530  # auth_required: nothing gets through
            return srv

    assert run(scenario()).messages == []
    assert calls == [("alice@exemple.fr", "wrong")]


def test_auth_only_after_starttls_on_plain_port_but_offered_on_implicit_port(ca: RunCA) -> None:
    async def scenario() -> tuple[bool, bool, bool]:
        async with make_server(ca) as srv:
            plain = client(ca, srv.starttls_port, start_tls=False)
            async with plain:
                await plain.ehlo()
                before = plain.supports_extension("auth")
                await plain.starttls()
                await plain.ehlo()
                after = plain.supports_extension("auth")
            smtps = client(ca, srv.implicit_port, use_tls=True)
            async with smtps:
                await smtps.ehlo()
                implicit = smtps.supports_extension("auth")  # aiosmtpd#274 worked around
            return before, after, implicit

    assert run(scenario()) == (False, True, True)


def test_require_starttls_refuses_plaintext_mail(ca: RunCA) -> None:
    async def scenario() -> SandboxSMTP:
        async with make_server(ca, require_starttls=True) as srv:
            smtp = client(ca, srv.starttls_port, start_tls=False)
            with pytest.raises(aiosmtplib.SMTPSenderRefused) as info:
                await send_one(smtp)
            assert info.value.code == 530
            return srv

    assert run(scenario()).messages == []


def test_without_auth_records_none_and_plaintext(ca: RunCA) -> None:
    async def scenario() -> list[Received]:
        async with make_server(ca) as srv:
            await send_one(client(ca, srv.starttls_port, start_tls=False))
            return srv.messages

    [rec] = run(scenario())
    assert (rec.auth_mechanism, rec.login, rec.tls, rec.sni) == (None, None, "none", None)


# -- certificates ---------------------------------------------------------------------------------


def test_untrusted_ca_fails_verification(ca: RunCA, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    stranger = RunCA().client_context()  # trusts another run's CA only

    async def scenario() -> SandboxSMTP:
        async with make_server(ca) as srv:
            implicit = client(ca, srv.implicit_port, use_tls=True, tls_context=stranger)
            with pytest.raises(aiosmtplib.SMTPConnectError, match="CERTIFICATE_VERIFY_FAILED"):
                await implicit.connect()
            # STARTTLS: aiosmtplib lets the ssl error through unwrapped
            starttls = client(ca, srv.starttls_port, start_tls=True, tls_context=stranger)
            with pytest.raises(ssl.SSLCertVerificationError):
                await starttls.connect()
            starttls.close()
            return srv

    assert run(scenario()).messages == []
    assert not caplog.records, caplog.text  # a refused certificate is not a server error


def test_name_routed_certificate(ca: RunCA) -> None:
    """Connect to 127.0.0.1 but verify (and send SNI) as smtp.gmail.com.

    aiosmtplib uses ``hostname`` both as the address to dial and as the TLS name, except when
    given a connected ``sock``: then ``hostname`` is only the TLS name (SNI + verification),
    for implicit TLS and for STARTTLS alike. ``SMTP.starttls(server_hostname=...)`` also
    overrides the name for an explicit STARTTLS.
    """

    async def scenario() -> list[Received]:
        loop = asyncio.get_running_loop()
        async with make_server(ca) as srv:
            for port, implicit in ((srv.implicit_port, True), (srv.starttls_port, False)):
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.setblocking(False)
                await loop.sock_connect(sock, (BIND_HOST, port))
                smtp = aiosmtplib.SMTP(
                    sock=sock,
                    hostname=ROUTED,
                    tls_context=ca.client_context(),
                    local_hostname=CLIENT,
                    timeout=DEADLINE,
                    use_tls=implicit,
                    start_tls=not implicit,
                )
                await send_one(smtp)

            smtp = client(ca, srv.starttls_port, start_tls=False)
            async with smtp:
                await smtp.starttls(server_hostname=ROUTED)
                await smtp.send_message(make_message())

            # a name the certificate does not carry is refused
            sock = socket.create_connection((BIND_HOST, srv.implicit_port))
            wrong = aiosmtplib.SMTP(
                sock=sock,
                hostname="smtp.office365.com",
                use_tls=True,
                tls_context=ca.client_context(),
                local_hostname=CLIENT,
                timeout=DEADLINE,
            )
            with pytest.raises(aiosmtplib.SMTPConnectError, match="Hostname mismatch"):
                await wrong.connect()
            sock.close()
            return srv.messages

    records = run(scenario())
    assert [(r.tls, r.sni) for r in records] == [
        ("implicit", ROUTED),
        ("starttls", ROUTED),
        ("starttls", ROUTED),
    ]


def test_run_ca_names_and_pem(ca: RunCA, tmp_path: Path) -> None:
    assert ca.hostnames == ("127.0.0.1", "localhost", ROUTED)
    assert RunCA(["SMTP.Gmail.com.", "localhost"]).hostnames == ("127.0.0.1", "localhost", ROUTED)
    with pytest.raises(ValueError):
        RunCA(["smtp gmail.com"])
    pem = ca.write_ca_pem(tmp_path / "ca.pem")
    assert pem.read_bytes() == ca.ca_pem_bytes
    assert ca.ca_pem_bytes.startswith(b"-----BEGIN CERTIFICATE-----")
    # the client context trusts exactly one authority: this run's CA, not the system store
    ctx = ca.client_context()
    assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname
    assert len(ctx.get_ca_certs()) == 1
    from_file = ssl.create_default_context(cafile=str(pem))
    assert ca.ca_pem_bytes.decode() in {
        ssl.DER_cert_to_PEM_cert(der) for der in from_file.get_ca_certs(binary_form=True)
    }


# -- what gets recorded ---------------------------------------------------------------------------


def test_message_recorded_with_envelope_and_accents(ca: RunCA) -> None:
    seen: list[Received] = []

    async def scenario() -> list[Received]:
        async with make_server(ca, on_message=seen.append) as srv:
            smtp = client(
                ca, srv.implicit_port, use_tls=True, username="alice@exemple.fr", password=PASSWORD
            )
            await send_one(smtp)
            return srv.messages

    [rec] = run(scenario())
    assert seen == [rec]
    assert rec.number == 1
    assert rec.mail_from == "alice@exemple.fr"
    assert rec.rcpt_tos == ("bob@exemple.fr", "carole@exemple.fr", "dave@exemple.fr")
    assert rec.subject == "Réunion d'été ✓"
    assert b"=?utf-8?" in rec.raw  # RFC 2047 on the wire, decoded in .message
    assert rec.message["From"].addresses[0].display_name == "Alice Dupré"
    assert "Bcc" not in rec.message
    body = rec.message.get_body()
    assert body is not None and body.get_content() == "Bonjour,\nà demain à 9 h.\n"
    assert "BODY=8BITMIME" in rec.mail_options
    assert rec.timestamp.tzinfo is not None


def test_eml_written_to_outbox(ca: RunCA, tmp_path: Path) -> None:
    outbox = tmp_path / "out" / "box"  # created by start()

    async def scenario() -> list[Received]:
        async with make_server(ca, outbox=outbox) as srv:
            smtp = client(ca, srv.starttls_port, start_tls=True)
            async with smtp:
                await smtp.send_message(make_message())
                await smtp.send_message(make_message("../../etc/passwd\t<CON>"))
                await smtp.send_message(make_message("日本語"))
            return srv.messages

    records = run(scenario())
    names = sorted(p.name for p in outbox.iterdir())
    assert names == [
        "0001-Reunion-d-ete.eml",
        "0002-etc-passwd-CON.eml",
        "0003-no-subject.eml",
    ]
    assert [r.eml_path for r in records] == [outbox / n for n in names]
    assert (outbox / names[0]).read_bytes() == records[0].raw

    # a later run in the same outbox continues the numbering and never overwrites
    later = run(scenario())
    assert later[0].eml_path == outbox / "0004-Reunion-d-ete.eml"
    assert len(list(outbox.iterdir())) == 6


def test_summary_line_has_no_secret(ca: RunCA, tmp_path: Path) -> None:
    async def token() -> str:
        return TOKEN

    async def scenario() -> list[Received]:
        async with make_server(ca, outbox=tmp_path) as srv:
            await send_one(
                client(
                    ca,
                    srv.starttls_port,
                    start_tls=True,
                    username="alice@exemple.fr",
                    password=PASSWORD,
                )
            )
            await send_one(
                client(
                    ca,
                    srv.implicit_port,
                    use_tls=True,
                    username="alice@gmail.com",
                    oauth_token_generator=token,
                )
            )
            return srv.messages

    plain, oauth = run(scenario())
    for rec in (plain, oauth):
        line = summary_line(rec)
        assert PASSWORD not in line and TOKEN not in line
        assert PASSWORD not in repr(rec) and TOKEN not in repr(rec)
        assert "<alice@exemple.fr>" in line and "<bob@exemple.fr>" in line
        assert "Réunion d'été ✓" in line and str(rec.eml_path) in line
    assert "auth PLAIN as alice@exemple.fr; TLS starttls" in summary_line(plain)
    assert "auth XOAUTH2 as alice@gmail.com; TLS implicit" in summary_line(oauth)


def test_summary_line_neutralises_control_characters(ca: RunCA) -> None:
    async def scenario() -> list[Received]:
        async with make_server(ca) as srv:
            smtp = client(ca, srv.starttls_port, start_tls=False)
            async with smtp:
                raw = b"Subject: =?utf-8?q?evil=1B[2J?=\r\n\r\nbody\r\n"
                await smtp.sendmail("a@exemple.fr", ["b@exemple.fr"], raw)
            return srv.messages

    [rec] = run(scenario())
    assert "\x1b" in rec.subject
    assert "\x1b" not in summary_line(rec) and 'subject "evil?[2J"' in summary_line(rec)


def test_successful_auth_logs_no_deprecation(ca: RunCA, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)

    async def scenario() -> None:
        async with make_server(ca) as srv:
            await send_one(
                client(
                    ca,
                    srv.implicit_port,
                    use_tls=True,
                    username="alice@exemple.fr",
                    password=PASSWORD,
                )
            )

    run(scenario())
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], caplog.text


# -- lifecycle ------------------------------------------------------------------------------------


def test_stop_drops_idle_clients_and_frees_ports(ca: RunCA) -> None:
    async def scenario() -> None:
        srv = make_server(ca)
        with pytest.raises(RuntimeError):
            _ = srv.starttls_port
        await srv.start()
        assert srv.is_serving and srv.starttls_port != srv.implicit_port
        with pytest.raises(OSError):  # bound to 127.0.0.1 only, not to all of 127/8 or 0.0.0.0
            await asyncio.open_connection("127.0.0.2", srv.starttls_port)
        idle = client(ca, srv.implicit_port, use_tls=True)
        await idle.connect()  # never sends QUIT
        await srv.stop()
        assert not srv.is_serving
        with pytest.raises(aiosmtplib.SMTPServerDisconnected):
            await idle.noop()
        with pytest.raises(RuntimeError):
            _ = srv.implicit_port
        await srv.start()  # can be started again
        await srv.stop()

    run(scenario())


def test_stop_does_not_wait_for_a_client_stuck_in_starttls(ca: RunCA) -> None:
    """A client that sent STARTTLS but never starts the handshake must not delay stop()."""

    async def scenario() -> float:
        srv = make_server(ca)
        await srv.start()
        reader, writer = await asyncio.open_connection(BIND_HOST, srv.starttls_port)
        await reader.readline()
        writer.write(f"EHLO {CLIENT}\r\n".encode())
        while (await reader.readline())[3:4] == b"-":
            pass
        writer.write(b"STARTTLS\r\n")
        assert (await reader.readline()).startswith(b"220")
        loop = asyncio.get_running_loop()
        started = loop.time()
        await srv.stop()
        elapsed = loop.time() - started
        assert await reader.read() == b""  # the server hung up
        writer.close()
        await writer.wait_closed()
        return elapsed

    assert run(scenario()) < 1.0


def test_default_checks_accept_any_non_empty_credentials(ca: RunCA) -> None:
    async def scenario() -> list[Received]:
        async with SandboxSMTP(ca, hostname="sandbox.test", auth_required=True) as srv:
            smtp = client(ca, srv.starttls_port, start_tls=True)
            async with smtp:
                await smtp.login("anyone", "anything")
                await smtp.send_message(make_message())
            return srv.messages

    [rec] = run(scenario())
    assert rec.login == "anyone"


# -- pure helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("blob", "expected"),
    [
        (b"user=a@b.fr\x01auth=Bearer tok\x01\x01", ("a@b.fr", "tok")),
        (b"user=a@b.fr\x01auth=bearer  tok \x01\x01", ("a@b.fr", "tok")),
        (b"user=a@b.fr\x01auth=Bearer \x01\x01", ("a@b.fr", "")),
        (b"auth=Bearer tok\x01\x01", None),
        (b"user=a@b.fr\x01auth=Basic tok\x01\x01", None),
        (b"garbage", None),
        (b"\xff\xfe", None),
    ],
)
def test_parse_xoauth2(blob: bytes, expected: tuple[str, str] | None) -> None:
    assert parse_xoauth2(blob) == expected


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Réunion d'été", "Reunion-d-ete"),
        ("  ", "no-subject"),
        ("...", "no-subject"),
        ("a/b\\c:d*e?f", "a-b-c-d-e-f"),
        ("x" * 200, "x" * 60),
        ("Facture n°42.pdf", "Facture-n-42.pdf"),
    ],
)
def test_safe_filename(subject: str, expected: str) -> None:
    assert safe_filename(subject) == expected


def test_constructor_validation(ca: RunCA) -> None:
    with pytest.raises(ValueError, match="CRAM-MD5"):
        SandboxSMTP(ca, mechanisms=["PLAIN", "CRAM-MD5"])
    with pytest.raises(ValueError):
        SandboxSMTP(ca, hostname="bad host")
