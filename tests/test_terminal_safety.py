"""Terminal escape injection (issue 15 item 4, SECURITY.md §6).

Text from outside (SMTP replies, an OAuth provider's error description, file names) must never
reach a terminal raw: controls, escape sequences (ESC, the 8-bit CSI 0x9b, OSC…), DEL and the
Unicode bidi and invisible format characters are shown escaped (``\\x1b``, ``\\u202e``) in the
``--trace``, in ``ErreurInfo()``, in diagnostics and in the REPL. A script's own text is the
script's business: ``Info(Caract(27) + "[1m")`` still writes the ESC.

The SMTP server here is a raw socket on loopback that answers exactly the bytes it is given, so
that invalid UTF-8 (a lone 0x9b byte) reaches the client too. The checks of the output do not use
wlmail's own sanitiser: they look at the Unicode categories of what was written.
"""

from __future__ import annotations

import asyncio
import codecs
import json
import os
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mail_support import ServerThread, run_wl
from prompt_toolkit.history import InMemoryHistory

from wlmail.runtime.host import CaptureHost
from wlmail.source import caret_block
from wlmail.textsafe import escape, is_safe, json_safe, one_line, unsafe_pattern

BIND = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent
#: characters a terminal may legitimately receive from wlmail's own writing
KEPT = {"\n", "\t", "\u200c", "\u200d"}


def raw_controls(text: str) -> list[str]:
    """Every character of ``text`` a terminal would obey or that hides/reorders a line."""
    found = []
    for ch in text:
        if ch in KEPT:
            continue
        if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            found.append(f"U+{ord(ch):04X}")
    return found


# ---- the sanitiser itself (property tests) -----------------------------------------------------
UNSAFE_CATEGORIES = ("Cc", "Cf", "Cs", "Zl", "Zp")
#: text a terminal shows as it is: no control, format, separator or surrogate character
printable = st.text(
    st.characters(blacklist_categories=UNSAFE_CATEGORIES) | st.sampled_from(["\t", "\u200d"])
)
#: anything, weighted towards the characters of the attacks
hostile = st.lists(
    st.characters()
    | st.sampled_from(["\x1b", "\x07", "\x9b", "\x9d", "\x7f", "\r", "\n", "\x08", "\x00"])
    | st.sampled_from(["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u061c", "\ufeff"])
    | st.sampled_from(["\u2028", "\u2029", "\x85", "\U000e0041", "\udc9b", "\\", "\\x1b"])
    | st.sampled_from(["\x1b]0;pwned\x07", "\x1b[2J", "\r\n", " \t "])
).map("".join)


@given(hostile)
@settings(max_examples=400, deadline=None)
def test_escaped_text_holds_no_control_character(text: str) -> None:
    assert raw_controls(escape(text).replace("\n", "")) == []
    assert "\n" not in escape(text)  # a one-line value stays one line
    assert raw_controls(escape(text, newlines=True)) == []
    assert raw_controls(one_line(text)) == [] and "\n" not in one_line(text)
    assert is_safe(escape(text)) and is_safe(escape(text, newlines=True), newlines=True)


@given(printable)
@settings(max_examples=300, deadline=None)
def test_printable_text_is_unchanged(text: str) -> None:
    assert escape(text) == text
    assert escape(text, newlines=True) == text


@given(hostile)
@settings(max_examples=300, deadline=None)
def test_escaping_is_idempotent(text: str) -> None:
    once = escape(text)
    assert escape(once) == once
    twice = escape(text, newlines=True)
    assert escape(twice, newlines=True) == twice
    line = one_line(text)
    assert one_line(line) == line


@given(hostile)
@settings(max_examples=300, deadline=None)
def test_every_unsafe_character_is_shown_as_its_python_escape(text: str) -> None:
    """Each escape reads back as the character it stands for (as Python's own escapes do), and
    the safe characters around it are kept in order."""
    for ch in text:
        shown = escape(ch)
        if raw_controls(ch) or ch == "\n":
            assert shown.startswith("\\") and shown.isascii(), (ch, shown)
            assert codecs.decode(shown, "unicode_escape") == ch
        else:
            assert shown == ch


@given(st.recursive(hostile | st.integers(), lambda inner: st.lists(inner, max_size=4)))
@settings(max_examples=200, deadline=None)
def test_json_output_is_the_same_data_and_safe(data: object) -> None:
    dumped = json.dumps(data, ensure_ascii=False)
    safe = json_safe(dumped)
    assert raw_controls(safe) == []
    assert json.loads(safe) == data


def test_every_control_format_and_separator_character_of_this_python_is_escaped() -> None:
    """All of Unicode (as this Python's unicodedata knows it), not a sample: a newer Unicode
    that adds a format character makes this fail until textsafe's ranges name it."""
    missed = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if raw_controls(chr(code)) and escape(chr(code)) == chr(code)
    ]
    assert missed == []
    pattern = unsafe_pattern()
    assert all(pattern.match(chr(c)) for c in range(0x110000) if raw_controls(chr(c)))


def test_the_attack_texts_read_as_escapes() -> None:
    attack = "554 5.7.1 \x1b]0;pwned\x07\x1b[2Jrejected"
    assert one_line(attack) == "554 5.7.1 \\x1b]0;pwned\\x07\\x1b[2Jrejected"
    assert escape("a\u202eb\u2066c\u2069") == "a\\u202eb\\u2066c\\u2069"
    assert escape("\x9b2J \x85 \x7f \udc9b \U000e0041") == "\\x9b2J \\x85 \\x7f \\udc9b \\U000e0041"
    assert escape("l1\r\nl2") == "l1\\r\\nl2" and escape("l1\nl2", newlines=True) == "l1\nl2"
    assert escape("C:\\Temp\\x1b") == "C:\\Temp\\x1b"  # a backslash is not doubled
    assert escape("👨\u200d👩 tab\tkept") == "👨\u200d👩 tab\tkept"
    assert one_line("250-first\n250 second\t\r\n") == "250-first 250 second"


def test_the_caret_still_points_at_the_right_character() -> None:
    source = 'x = "\x1b[2J\u202e" + + 1\n'
    column = source.index("+ +") + 3  # the second "+", 1-based
    block = caret_block(source, 1, column)
    shown, caret = block.split("\n")
    assert raw_controls(block) == []
    assert shown == '    x = "\\x1b[2J\\u202e" + + 1'
    assert shown[caret.index("^")] == "+" and shown[caret.index("^") - 2] == "+"


# ---- a raw-socket SMTP server that answers hostile bytes ----------------------------------------
OSC_CSI = b"\x1b]0;pwned\x07\x1b[2Jrejected"
PAYLOADS = {
    "osc-and-csi": (OSC_CSI, "\\x1b]0;pwned\\x07\\x1b[2Jrejected"),
    "bidi-override": ("rejected \u202edetcejer\u202c \u2066x\u2069".encode(), "\\u202edetcejer"),
    "c1-csi-utf8": ("\u009b2J \u009d0;t\u009c".encode(), "\\x9b2J \\x9d0;t\\x9c"),
    "c1-csi-raw-byte": (b"\x9b2J raw", "\\udc9b2J raw"),  # invalid UTF-8, undecodable
    "garbage": (  # backspaces, DEL, VT, FF, FS, a raw 0x85 byte, U+2028, a tag character
        b"over\x08\x08\x08\x7fwrite\x0b\x0c\x1c\x85 \xe2\x80\xa8 \xf3\xa0\x81\x81",
        "over\\x08\\x08\\x08\\x7fwrite\\x0b\\x0c\\x1c\\udc85 \\u2028 \\U000e0041",
    ),
}


@dataclass
class HostileSMTP:
    """Answers MAIL (or the end of DATA) with ``554 5.7.1 <payload>``; greets and answers EHLO
    with the payload too, so that it shows in the trace before any failure."""

    payload: bytes = b""
    stage: str = "MAIL"
    port: int = 0
    server: asyncio.Server | None = None
    tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def start(self) -> HostileSMTP:
        self.server = await asyncio.start_server(self._handle, BIND, 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            for task in list(self.tasks):
                task.cancel()
            if self.tasks:
                await asyncio.wait(set(self.tasks), timeout=5)
            await self.server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.tasks.add(task)
        hostile = self.payload
        try:
            writer.write(b"220 hostile.test ESMTP " + hostile + b"\r\n")
            while line := await asyncio.wait_for(reader.readline(), 10):
                verb = line.split(b" ", 1)[0].strip().upper()
                if verb == b"EHLO":
                    writer.write(b"250-hostile.test " + hostile + b"\r\n250 8BITMIME\r\n")
                elif verb == b"MAIL":
                    ok = self.stage != "MAIL"
                    writer.write(b"250 2.1.0 OK\r\n" if ok else b"554 5.7.1 " + hostile + b"\r\n")
                elif verb == b"RCPT":
                    writer.write(b"250 2.1.5 OK\r\n")
                elif verb == b"DATA":
                    writer.write(b"354 go ahead\r\n")
                    await writer.drain()
                    while (await reader.readline()) not in (b".\r\n", b""):
                        pass
                    writer.write(b"554 5.7.1 " + hostile + b"\r\n")
                elif verb == b"RSET":
                    writer.write(b"250 2.0.0 OK\r\n")
                elif verb == b"QUIT":
                    writer.write(b"221 2.0.0 bye " + hostile + b"\r\n")
                    await writer.drain()
                    break
                else:
                    writer.write(b"502 5.5.2 what? " + hostile + b"\r\n")
                await writer.drain()
        except (ConnectionError, TimeoutError, asyncio.CancelledError):
            pass
        finally:
            writer.close()
            self.tasks.discard(task)


@pytest.fixture(scope="module")
def thread() -> Iterator[ServerThread]:
    srv = ServerThread()
    yield srv
    srv.stop()


@pytest.fixture
def hostile(thread: ServerThread) -> Iterator[HostileSMTP]:
    srv = thread.call(HostileSMTP().start())
    yield srv
    thread.call(srv.stop())


SEND = """\
s est un emailSessionSMTP
s.AdresseServeur = "127.0.0.1"
s.Port = {port}
SI PAS EmailOuvreSession(s) ALORS
    Info("ouverture: " + ErreurInfo())
    RETOUR
FIN
m est un Email
m.Expéditeur = "alice@exemple.fr"
m.Destinataire = "bob@exemple.fr"
m.Sujet = "test"
m.Message = "bonjour"
SI EmailEnvoieMessage(s, m) ALORS
    Info("envoyé")
SINON
    Info("refusé: " + ErreurInfo())
    Info("complet: " + ErreurInfo(errComplet))
FIN
EmailFermeSession(s)
"""


def wlmail(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m wlmail …`` in a child process; output kept as bytes (nothing normalised)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "wlmail", *args],
        capture_output=True,
        timeout=60,
        cwd=cwd or ROOT,
        env=env,
    )


def decoded(data: bytes) -> str:
    """What a terminal would get, undecodable bytes kept (as lone surrogates) so they count."""
    return data.decode("utf-8", "surrogateescape")


@pytest.mark.parametrize("stage", ["MAIL", "END"])
@pytest.mark.parametrize("payload", list(PAYLOADS), ids=list(PAYLOADS))
def test_hostile_server_reply_reaches_trace_and_errorinfo_escaped(
    hostile: HostileSMTP, tmp_path: Path, payload: str, stage: str
) -> None:
    hostile.payload, expected = PAYLOADS[payload]
    hostile.stage = stage
    script = tmp_path / "envoi.wl"
    script.write_text(SEND.format(port=hostile.port), encoding="utf-8")
    result = wlmail("run", "--trace", str(script))
    out, err = decoded(result.stdout), decoded(result.stderr)
    assert result.returncode == 0, err
    assert raw_controls(out) == [], out
    assert raw_controls(err) == [], err
    lines = out.splitlines()
    assert len(lines) == 3 and lines[0].startswith("refusé: "), out
    assert "554" in lines[0] and expected in lines[0], out
    # errComplet: wlmail's own line break (RC) between the message and the code, kept
    assert lines[1].startswith("complet: ") and expected in lines[1] and lines[2] == "#554", out
    # the trace shows every server line, escaped: greeting, EHLO, the refusal, QUIT's answer
    trace = [line for line in err.splitlines() if line.startswith("smtp: S: ")]
    assert trace and all(expected in line for line in trace[:2]), err
    assert trace[-1].startswith("smtp: S: 221 2.0.0 bye ") and expected in trace[-1], err
    if stage == "MAIL":  # (a refusal at the end of DATA is in ErreurInfo, not in the trace)
        refusal = [line for line in trace if line.startswith("smtp: S: 554 5.7.1 ")]
        assert len(refusal) == 1 and expected in refusal[0], err
    assert "Traceback" not in err and "erreur interne" not in err


def test_the_same_in_process_and_in_the_status(hostile: HostileSMTP) -> None:
    """``run_source`` (the embedding path) gives the same escaped ErreurInfo."""
    hostile.payload, expected = PAYLOADS["osc-and-csi"]
    result = run_wl(SEND.format(port=hostile.port), trace=True)
    assert result.code == 0, result.err
    assert expected in result.out and raw_controls(result.out + result.err) == []


def test_a_scripts_own_control_characters_are_its_business(tmp_path: Path) -> None:
    """The ruling: what a script writes with Info/Trace is written as it is (bold on a
    terminal); wlmail escapes only text from outside."""
    script = tmp_path / "gras.wl"
    script.write_text('Info(Caract(27) + "[1mgras" + Caract(27) + "[0m")\nTrace("t" + Caract(7))\n')
    result = wlmail("run", str(script))
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"\x1b[1mgras\x1b[0m\n"
    assert result.stderr == b"t\x07\n"


# ---- diagnostics -------------------------------------------------------------------------------
def test_syntax_error_on_a_line_with_raw_controls_shows_them_escaped(tmp_path: Path) -> None:
    script = tmp_path / "faux.wl"
    script.write_bytes('x = "\x1b]0;pwned\x07\x1b[2J\u202e" + + \n'.encode())
    result = wlmail("run", str(script))
    err = decoded(result.stderr)
    assert result.returncode == 65, err
    assert result.stdout == b""
    assert raw_controls(err) == [], err
    assert '    x = "\\x1b]0;pwned\\x07\\x1b[2J\\u202e" + + ' in err.splitlines(), err


def test_file_names_with_controls_are_shown_escaped(tmp_path: Path) -> None:
    name = "a\x1b[2Jb\u202e.wl"
    (tmp_path / name).write_text("x est un entier\nInconnue(x)\n", encoding="utf-8")
    checked = wlmail("check", name, cwd=tmp_path)
    out, err = decoded(checked.stdout), decoded(checked.stderr)
    assert checked.returncode == 1, out + err
    assert raw_controls(out + err) == [], out + err
    assert out.startswith("a\\x1b[2Jb\\u202e.wl:2:"), out
    as_json = wlmail("check", "--format", "json", name, cwd=tmp_path)
    assert as_json.returncode == 1
    assert raw_controls(decoded(as_json.stdout)) == []
    assert json.loads(as_json.stdout)[0]["file"] == name  # the same data for a program
    missing = wlmail("run", "absent\x1b]0;pwned\x07.wl", cwd=tmp_path)
    assert missing.returncode == 66 and missing.stdout == b""
    shown = "wlmail: absent\\x1b]0;pwned\\x07.wl: No such file or directory\n"
    assert decoded(missing.stderr) == shown


def test_fatal_error_quoting_outside_text_is_escaped(tmp_path: Path) -> None:
    """A file function's failure names the file: ErreurInfo and the fatal report escape it."""
    script = tmp_path / "fichier.wl"
    script.write_text(
        'x est une chaîne = fChargeTexte("/nulle/part/\x1b]0;pwned\x07\u202e.txt")\n'
        "Info(ErreurDétectée, ErreurInfo())\n",
        encoding="utf-8",
    )
    result = wlmail("run", str(script))
    out, err = decoded(result.stdout), decoded(result.stderr)
    assert result.returncode == 0, err
    assert raw_controls(out + err) == [], out + err
    assert out.splitlines()[0] == "1" and "\\x1b]0;pwned\\x07\\u202e.txt" in out, out


# ---- the REPL ----------------------------------------------------------------------------------
def repl(lines: list[str]) -> str:
    from wlmail.repl.app import Console

    host = CaptureHost()
    Console(host, "fr", history=InMemoryHistory()).run_lines(lines)
    return host.out.getvalue() + host.err.getvalue()


def test_repl_shows_values_and_variables_escaped() -> None:
    out = repl(
        [
            'x est une chaîne = "a" + Caract(27) + "]0;pwned" + Caract(7) + Caract(0x202E) + "b"',
            "x",
            ":vars",
            "y = Caract(27)",
        ]
    )
    assert raw_controls(out) == [], out
    assert out.count('"a\\x1b]0;pwned\\x07\\u202eb"') == 2, out


def test_repl_errors_are_escaped() -> None:
    out = repl(['fChargeTexte("/nulle/part/\x1b[2J.txt")', "ErreurInfo()", 'Info("ok" + ) \x1b[2J'])
    assert raw_controls(out) == [], out
    assert "\\x1b[2J.txt" in out, out


# ---- an OAuth provider's error description ----------------------------------------------------
@dataclass
class HostileTokenEndpoint:
    """A raw HTTP token endpoint that refuses every request with a hostile error description."""

    body: bytes = b""
    port: int = 0
    server: asyncio.Server | None = None

    async def start(self) -> HostileTokenEndpoint:
        self.server = await asyncio.start_server(self._handle, BIND, 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            length = 0
            while (line := await asyncio.wait_for(reader.readline(), 10)) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            head = (
                f"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(self.body)}\r\nConnection: close\r\n\r\n"
            )
            writer.write(head.encode() + self.body)
            await writer.drain()
        except (ConnectionError, TimeoutError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


def test_oauth_error_description_is_escaped_in_errorinfo(thread: ServerThread) -> None:
    from wlmail.oauth.token import FORMAT_JSON, TokenData, dump_token

    endpoint = thread.call(HostileTokenEndpoint().start())
    try:
        endpoint.body = json.dumps(
            {
                "error": "invalid_grant\u001b[2J",
                "error_description": "bad \u001b]0;pwned\u0007 \u202eevil\u202c \u009b2J",
            }
        ).encode()
        data = TokenData(
            access_token="at-expired",
            refresh_token="rt-refused",
            token_url=f"http://127.0.0.1:{endpoint.port}/token",
            client_id="wlmail-app",
        )
        literal = '"' + dump_token(data, FORMAT_JSON).decode().replace('"', '""') + '"'
        result = run_wl(
            f"t est un AuthToken\nDésérialise(t, {literal}, psdJSON)\n"
            "t2 est un AuthToken = AuthRenouvelleToken(t)\n"
            "Info(ErreurDétectée, ErreurInfo())\n"
        )
    finally:
        thread.call(endpoint.stop())
    assert result.code == 0, result.err
    assert raw_controls(result.out + result.err) == [], result.out + result.err
    lines = result.lines
    assert lines[0] == "1", result.out
    assert "invalid_grant\\x1b[2J" in lines[1], result.out
    assert "bad \\x1b]0;pwned\\x07 \\u202eevil\\u202c \\x9b2J" in lines[1], result.out
