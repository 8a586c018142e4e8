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
from test_export_receive import Servers, ca, dovecot, servers, venv
from test_export_receive_paths import _both

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
    by_python, by_wlmail, program = _both(script, "me@example.com", servers, venv, tmp_path)
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
    assert (15, "this call") in reasons  # LooperAddLine of a window control
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
