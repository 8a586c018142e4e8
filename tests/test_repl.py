"""The REPL: grammar-decided Enter, completion, validation, meta-commands, Ctrl-C, a real pty."""

from __future__ import annotations

import asyncio
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.validation import ValidationError
from pygments.token import Comment, Keyword, Name, Number, String

from wlmail.catalog import get_catalog
from wlmail.repl.aide import describe
from wlmail.repl.app import Console
from wlmail.repl.completer import WLCompleter, scan, signature
from wlmail.repl.lexer import WLangageLexer
from wlmail.repl.secrets import PrivateHistory, safe_display
from wlmail.repl.validate import WLValidator, examine, indentation
from wlmail.runtime.host import CaptureHost

ROOT = Path(__file__).resolve().parents[1]
ENTER, META_ENTER, TAB, CTRL_C, CTRL_D = "\r", "\x1b\r", "\t", "\x03", "\x04"


# ---- a session fed through prompt_toolkit's pipe input --------------------------------------
class Recorder(Console):
    """A console that remembers every submitted input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inputs: list[str] = []

    async def handle(self, text: str) -> bool:
        self.inputs.append(text)
        return await super().handle(text)


Step = tuple[str, str]  # keys to type, then a regexp the input buffer must match


def session(keys: str | list[Step], lang: str | None = None, during: Any = None) -> Recorder:
    """Type ``keys`` into a fresh console; the session ends with Ctrl-C, Ctrl-D.

    With a list of steps, each step's keys are sent once the buffer shows what the previous
    step waited for (completion runs asynchronously, as it does when a person types).
    """
    steps: list[Step] = [(keys, "")] if isinstance(keys, str) else list(keys)
    steps.append((CTRL_C + CTRL_D, ""))  # Ctrl-C first: the last input may still be open

    async def go() -> Recorder:
        with create_pipe_input() as inp:
            console = Recorder(CaptureHost(), lang, InMemoryHistory(), inp, DummyOutput())
            buffer = console.session.default_buffer

            def typist() -> None:
                for text, wait in steps:
                    inp.send_text(text)
                    deadline = time.monotonic() + 10
                    while wait and not re.search(wait, buffer.text):
                        assert time.monotonic() < deadline, (wait, buffer.text)
                        time.sleep(0.01)

            threading.Thread(target=typist, daemon=True).start()
            if during is not None:
                threading.Thread(target=during, args=(console,), daemon=True).start()
            assert await asyncio.wait_for(console.run(), 15) == 0
            return console

    return asyncio.run(go())


def out(console: Console) -> str:
    return console.host.out.getvalue()  # type: ignore[attr-defined, no-any-return]


def err(console: Console) -> str:
    return console.host.err.getvalue()  # type: ignore[attr-defined, no-any-return]


def lines(console: Console) -> list[str]:
    return out(console).splitlines()[1:]  # without the banner


# ---- Enter: multi-line input decided by the grammar ------------------------------------------
def test_block_typed_line_by_line_runs_once_at_fin() -> None:
    c = session("x est un entier = 41" + ENTER + "x++" + ENTER + "SI x = 42 ALORS" + ENTER)
    assert c.inputs == ["x est un entier = 41", "x++"]  # the SI block is still open
    c = session(
        'x est un entier = 41\rx++\rSI x = 42 ALORS\rInfo("oui")\rFIN\r'
        'IF x = 42 THEN Info("forty-two")\r'
    )
    assert c.inputs[2] == 'SI x = 42 ALORS\n    Info("oui")\nFIN'  # auto-indent, FIN dedented
    assert lines(c) == ["oui", "forty-two"]


def test_auto_indent_nested_blocks_and_selon() -> None:
    keys = (
        "n est un entier = 2\rSELON n\rCAS 1\rInfo(1)\rCAS 2\rPOUR i = 1 À 2\rInfo(i)\rFIN\rFIN\r"
    )
    c = session(keys)
    assert c.inputs[1] == (
        "SELON n\n    CAS 1\n        Info(1)\n    CAS 2\n        POUR i = 1 À 2\n"
        "            Info(i)\n        FIN\nFIN"
    )
    assert lines(c) == ["1", "2"]


def test_procedure_ends_with_an_empty_line_and_stays_callable() -> None:
    c = session("PROCÉDURE Double(a)\rRENVOYER a * 2\r\rDouble(21)\rInfo(Double(4))\r")
    assert c.inputs[0].startswith("PROCÉDURE Double(a)\n    RENVOYER a * 2")
    assert lines(c) == ["42", "8"]


def test_open_call_and_continuation_ask_for_more() -> None:
    c = session('Info("a",\r"b")\rInfo("c" + ...\r"d")\r')
    assert c.inputs == ['Info("a",\n"b")', 'Info("c" + ...\n"d")']
    assert lines(c) == ["a", "b", "cd"]


def test_meta_enter_forces_and_validation_keeps_the_input() -> None:
    # Meta+Enter on an open SI: the validator refuses (FIN missing), the text stays; FIN ends it.
    c = session("SI Vrai ALORS" + META_ENTER + ENTER + 'Info("ok")' + ENTER + "FIN" + ENTER)
    assert c.inputs == ['SI Vrai ALORS\n    Info("ok")\nFIN']
    assert lines(c) == ["ok"]
    # a wrong line is not run; Ctrl-C clears it and the session goes on
    c = session("x = )" + ENTER + CTRL_C + 'Info("suite")' + ENTER)
    assert c.inputs == ['Info("suite")']
    assert lines(c) == ["suite"]


def test_paste_runs_as_one_input() -> None:
    pasted = (
        "// un extrait collé\n"
        "n est un entier = 3\n"
        "SI n > 2 ALORS\n"
        '\tInfo("grand")\n'
        "SINON\n"
        '\tInfo("petit")\n'
        "FIN\n"
        "Info(n)"
    )
    c = session("\x1b[200~" + pasted + "\x1b[201~" + ENTER)
    assert c.inputs == [pasted]
    assert lines(c) == ["grand", "3"]


def test_examine_table() -> None:
    cases = {
        "SI x ALORS": False,
        "POUR i = 1 À 3\n": False,
        "QUAND EXCEPTION DANS\n": False,
        "Info(": False,
        'Info("a", ...': False,
        "x = 1 ...": False,
        "/* commentaire": False,
        "t est une chaîne = [\nligne": False,
        "PROCÉDURE f()\n    RENVOYER 1": False,
        "PROCÉDURE f()\n    RENVOYER 1\n": True,
        "SI x ALORS\n y = 2\nFIN": True,
        "x = )": True,  # complete, but wrong: the validator says so
        "2 + 3": True,
        ":aide Info": True,
        "": True,
    }
    for text, complete in cases.items():
        assert examine(text).complete is complete, text
    assert examine("2 + 3").expression
    assert examine("x = )").error is not None
    assert examine("x = 1 +").error is not None  # no continuation without "..."


def test_indentation_rules() -> None:
    assert indentation(["SI x ALORS"]) == (0, 1)
    assert indentation(["SI x ALORS y = 1"]) == (0, 0)  # one-line SI
    assert indentation(["SI x ALORS", "    y = 1", "SINON"]) == (0, 1)
    assert indentation(["SELON x", "CAS 1", "y", "AUTRE CAS"]) == (1, 2)
    assert indentation(["SELON x", "CAS 1", "y", "FIN"]) == (0, 0)
    assert indentation(["PROCÉDURE f()"]) == (0, 1)
    assert indentation(["BOUCLE", "x++", "À FAIRE TANTQUE x < 3"]) == (0, 0)
    assert indentation(["p est une Structure"]) == (0, 1)
    assert indentation(["QUAND EXCEPTION DANS", "x", "FAIRE"]) == (0, 1)


def test_validator_points_at_the_error() -> None:
    with pytest.raises(ValidationError) as info:
        WLValidator().validate(Document("x est un entier\nx = )"))
    assert info.value.cursor_position == len("x est un entier\nx = ")
    assert info.value.message.startswith("2:5: ")
    WLValidator().validate(Document("2 + 3"))  # a lone expression is valid
    WLValidator().validate(Document(":vars"))


# ---- expressions, state, Ctrl-C ---------------------------------------------------------------
def test_bare_expressions_print_their_value() -> None:
    keys = (
        '2 + 3\rx est un entier = 7\rx\rx * 2\r"a" + "b"\rMajuscule("é")\rInfo(1)\rErreurDétectée\r'
    )
    c = session(keys)
    assert lines(c) == ["5", "7", "14", '"ab"', '"É"', "1", "Faux"]


def test_errors_are_reported_without_traceback() -> None:
    c = session("inconnu + 1\rInfo(1/0)\rx = )" + META_ENTER + CTRL_C + 'Info("encore")\r')
    assert "Traceback" not in err(c)
    assert "inconnu" in err(c)
    assert lines(c) == ["encore"]


def test_ctrl_c_interrupts_a_running_loop_not_the_session() -> None:
    def interrupt(console: Console) -> None:
        deadline = time.monotonic() + 10
        while not console._running and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.1)
        os.kill(os.getpid(), signal.SIGINT)

    keys = "n est un entier\rBOUCLE\rn++\rFIN\rInfo(n > 0)\r"
    c = session(keys, lang="fr", during=interrupt)
    assert c.interrupts == 1
    assert "interrompu" in err(c)
    assert lines(c) == ["1"]


def test_ctrl_c_and_ctrl_d_at_the_prompt() -> None:
    c = session("abc" + CTRL_C + "Info(2)" + ENTER)
    assert c.inputs == ["Info(2)"]
    c = session("")  # Ctrl-D alone ends the session
    assert c.inputs == []


# ---- completion -------------------------------------------------------------------------------
class View:
    """A stand-in for the session, as the completer sees it."""

    def __init__(self, variables: dict[str, tuple[str, str, Any]] | None = None) -> None:
        self._vars = variables or {}

    def lang(self) -> str:
        return "fr"

    def variables(self) -> dict[str, tuple[str, str, Any]]:
        return self._vars

    def procedures(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        return {"double": ("Double", ("a",))}


def complete(text: str, view: View | None = None) -> list[str]:
    completer = WLCompleter(view or View())
    return [c.text for c in completer.get_completions(Document(text), CompleteEvent())]


def test_words_complete_in_the_language_being_typed() -> None:
    assert "Majuscule" in complete("Maj")
    assert complete("IF x THEN Upp")[:1] == ["Upper"]
    assert "SINON" in complete("SIN")
    assert "sinon" in complete("sin")  # keywords follow the case typed
    assert "entier" in complete("x est un ent")
    assert "Double" in complete("Dou")
    assert complete("// Maj") == []


def test_members_by_declared_type() -> None:
    view = View({"d": ("d", "date", None), "t": ("t", "array", None)})
    assert complete("d.An", view) == ["Année"]
    assert complete("Info(t.Occ", view) == ["Occurrence"]
    assert complete("inconnu.", view) == []


SMTP = get_catalog().type("emailSessionSMTP")


@pytest.mark.skipif(SMTP is None, reason="emailSessionSMTP is not in the catalog yet")
def test_smtp_session_properties() -> None:
    assert SMTP is not None
    view = View({"s": ("s", SMTP.id, None)})
    assert "AdresseServeur" in complete("s.AdresseSer", view)
    steps = [
        ("s est un emailSessionSMTP\rs.AdresseSer", r"AdresseSer$"),
        (TAB, r"AdresseServeur$"),
        (' = "smtp.exemple.fr"\r:vars\r', ""),
    ]
    c = session(steps)
    assert c.inputs[1] == 's.AdresseServeur = "smtp.exemple.fr"'


def test_tab_completes_in_the_session() -> None:
    steps = [
        ("t est un tableau de 3 entiers\rInfo(t.Occ", r"Occ$"),
        (TAB, r"Occurrence$"),
        (")" + ENTER + ENTER, ""),
    ]
    c = session(steps)
    assert c.inputs[1] == "Info(t.Occurrence)"
    assert lines(c) == ["3"]


def test_paths_inside_strings_for_file_arguments(tmp_path: Path) -> None:
    (tmp_path / "piece.txt").write_text("x")
    assert complete(f'fChargeTexte("{tmp_path}/pie') == ["ce.txt"]
    assert complete(f'Info("{tmp_path}/pie') == []  # not a file argument
    assert scan('Info("a""b').in_string


def test_signature_toolbar() -> None:
    parts = signature('Remplace("abc", ', View(), "fr")
    text = "".join(t for _, t in parts)
    assert text.startswith(" Remplace(chaîne, recherche, remplacement, [options])")
    assert ("class:signature.current", "recherche") in parts
    assert signature("Info(1)", View(), "fr") == []


# ---- meta-commands ----------------------------------------------------------------------------
def test_help_shows_both_names_params_and_status() -> None:
    c = session(":aide Majuscule\r:help Upper\r:aide Année\r:aide SI\r:aide zzz\r")
    text = out(c)
    assert "Majuscule · Upper" in text
    assert "status: " in text or "statut: " in text
    assert "Année · Year" in text
    assert "SI · IF" in text
    assert "zzz" in text
    assert "Upper" in describe("majuscule", "en")  # folded lookup, any spelling
    c = session(":aide\r")
    assert "Échap Entrée" in out(c) or "Esc Enter" in out(c)


def test_vars_masks_secrets() -> None:
    keys = (
        'motDePasse est une chaîne = "s3cret"\r'
        'jeton est une chaîne = "tok-123"\r'
        "Compte est une Structure\rNom est une chaîne\rPassword est une chaîne\rFIN\r"
        'c est un Compte\rc.Nom = "moi"\rc.Password = "pw-456"\r'
        "n est un entier = 5\r:vars\rmotDePasse\r"
    )
    c = session(keys)
    text = out(c)
    for secret in ("s3cret", "tok-123", "pw-456"):
        assert secret not in text
    assert "n (entier) = 5" in text
    assert 'Nom="moi"' in text
    assert safe_display("x", "ClientSecret") == "********"


def test_load_runs_a_file_into_the_session(tmp_path: Path) -> None:
    script = tmp_path / "lib.wl"
    script.write_text("total est un entier = 40\nPROCÉDURE Ajoute(n)\nRENVOYER total + n\n")
    c = session(f":charge {script}\rInfo(Ajoute(2))\r:load {tmp_path / 'absent.wl'}\r")
    assert lines(c) == ["42"]
    assert "absent.wl" in err(c)
    assert "Traceback" not in err(c)


def test_lang_switch_and_quit() -> None:
    c = session(":langue en\rinconnu\r:quitter\rInfo(1)\r")
    assert "is unknown" in err(c) or "unknown" in err(c)
    assert c.inputs[-1] == ":quitter"  # nothing after :quitter runs
    assert lines(c)[0] == "language: English"
    c = session(":quit\r")
    assert c.inputs == [":quit"]
    c = session(":nimportequoi\r")
    assert ":nimportequoi" in err(c)


def test_history_keeps_literal_secrets_out_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "history"
    history = PrivateHistory(str(path))
    history.append_string('s.MotDePasse = "secret"')
    history.append_string("Info(1)")
    saved = path.read_text()
    assert "Info(1)" in saved and "secret" not in saved
    assert 's.MotDePasse = "secret"' in history.get_strings()  # still there for ↑ this session


# ---- highlighting -----------------------------------------------------------------------------
def test_pygments_lexer_from_the_catalog() -> None:
    code = 'PROCÉDURE f()\nsi x ALORS Info("a""b") // note\n/* bloc */ n est un entier = 0x1F\n'
    tokens = [(t, v) for t, v in WLangageLexer().get_tokens(code) if v.strip()]
    assert (Keyword, "PROCÉDURE") in tokens and (Keyword, "si") in tokens
    assert (Name.Builtin, "Info") in tokens
    assert (String.Escape, '""') in tokens
    assert (Comment.Single, "// note") in tokens
    assert (Keyword.Type, "entier") in tokens
    assert (Number.Hex, "0x1F") in tokens
    assert any(t in Comment.Multiline for t, _ in tokens)
    assert (Keyword, "AUTRE CAS") in list(WLangageLexer().get_tokens("AUTRE CAS"))


def test_pygments_plugin_registration() -> None:
    from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
    from pygments.util import ClassNotFound

    try:
        lexer = get_lexer_by_name("wlangage")
    except ClassNotFound:
        pytest.skip("the pygments.lexers entry point is not installed yet")
    assert isinstance(lexer, WLangageLexer)
    assert isinstance(get_lexer_for_filename("bonjour.wl"), WLangageLexer)


# ---- no terminal, no prompt_toolkit on `wlmail run` -------------------------------------------
def test_piped_input_uses_the_same_rules(tmp_path: Path) -> None:
    code = "import sys\nfrom wlmail.repl.app import main\nsys.exit(main(None))\n"
    text = 'x est un entier = 1\nSI x = 1 ALORS\n    Info("un")\nFIN\nx + 1\n'
    proc = subprocess.run(
        [sys.executable, "-c", code], input=text, capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["un", "2"]


def test_run_does_not_import_prompt_toolkit(tmp_path: Path) -> None:
    script = tmp_path / "a.wl"
    script.write_text('Info("ok")\n')
    code = (
        "import sys\nfrom wlmail.cli import main\nmain(['run', sys.argv[1]])\n"
        "print('prompt_toolkit' in sys.modules, 'pygments' in sys.modules)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(script)], capture_output=True, text=True, timeout=30
    )
    assert proc.stdout.splitlines() == ["ok", "False False"]


# ---- end to end in a real pseudo-terminal -----------------------------------------------------
_ESCAPE = re.compile(
    r"\x1b(?:\[([?>]?)([0-9;]*)([@-~])|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78DME])"
)


class Screen:
    """Just enough of a VT100 to read back what prompt_toolkit draws."""

    def __init__(self, rows: int = 24, cols: int = 80) -> None:
        self.rows, self.cols = rows, cols
        self.grid = [[" "] * cols for _ in range(rows)]
        self.y = self.x = 0
        self._pending = ""

    def text(self) -> str:
        return "\n".join("".join(row).rstrip() for row in self.grid)

    def feed(self, data: str) -> None:
        data = self._pending + data
        self._pending = ""
        i = 0
        while i < len(data):
            ch = data[i]
            if ch == "\x1b":
                m = _ESCAPE.match(data, i)
                if m is None:
                    self._pending = data[i:]
                    return
                if m.group(3):
                    self._csi(m.group(1), m.group(2), m.group(3))
                i = m.end()
                continue
            if ch == "\r":
                self.x = 0
            elif ch == "\n":
                self._down()
            elif ch == "\b":
                self.x = max(self.x - 1, 0)
            elif ch == "\t":
                self.x = min((self.x // 8 + 1) * 8, self.cols - 1)
            elif ch >= " ":
                if self.x >= self.cols:
                    self.x = 0
                    self._down()
                self.grid[self.y][self.x] = ch
                self.x += 1
            i += 1

    def _down(self) -> None:
        if self.y == self.rows - 1:
            self.grid.pop(0)
            self.grid.append([" "] * self.cols)
        else:
            self.y += 1

    def _csi(self, private: str, params: str, final: str) -> None:
        if private:
            return
        args = [int(p) if p else 0 for p in params.split(";")] if params else []
        n = (args[0] if args else 0) or 1
        if final == "A":
            self.y = max(self.y - n, 0)
        elif final == "B":
            self.y = min(self.y + n, self.rows - 1)
        elif final == "C":
            self.x = min(self.x + n, self.cols - 1)
        elif final == "D":
            self.x = max(self.x - n, 0)
        elif final == "G":
            self.x = min(n - 1, self.cols - 1)
        elif final in "Hf":
            row = (args[0] if args else 1) or 1
            col = (args[1] if len(args) > 1 else 1) or 1
            self.y, self.x = min(row - 1, self.rows - 1), min(col - 1, self.cols - 1)
        elif final == "K":
            mode = args[0] if args else 0
            row = self.grid[self.y]
            span = {0: range(self.x, self.cols), 1: range(0, self.x + 1)}.get(
                mode, range(self.cols)
            )
            for k in span:
                row[k] = " "
        elif final == "J":
            mode = args[0] if args else 0
            if mode == 0:
                self._csi("", "0", "K")
            rows = range(self.y + 1, self.rows) if mode == 0 else range(self.rows)
            for r in rows:
                self.grid[r] = [" "] * self.cols


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_end_to_end_in_a_pty(tmp_path: Path) -> None:
    import fcntl
    import pty
    import struct
    import termios

    env = {
        **os.environ,
        "TERM": "xterm",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": str(tmp_path),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "PYTHONPATH": str(ROOT),
    }
    env.pop("LC_MESSAGES", None)
    code = "import sys\nfrom wlmail.repl.app import main\nsys.exit(main(None))\n"
    pid, fd = pty.fork()
    if pid == 0:  # the child: the REPL on a terminal
        os.execve(sys.executable, [sys.executable, "-c", code], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    screen = Screen()

    def pump(timeout: float) -> bool:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        screen.feed(data.decode("utf-8", "replace"))
        return True

    def wait_for(pattern: str, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, screen.text(), re.MULTILINE):
                return
            if not pump(0.05):
                break
        raise AssertionError(f"{pattern!r} not on screen:\n{screen.text()}")

    def type_(keys: str) -> None:
        os.write(fd, keys.encode())

    def prompts() -> int:
        return len(re.findall(r"^wl>", screen.text(), re.MULTILINE))

    def submit(keys: str) -> None:
        """Type a line and Enter, then wait for the next prompt (nothing typed ahead)."""
        before = prompts()
        type_(keys + "\r")
        deadline = time.monotonic() + 15
        while prompts() <= before and time.monotonic() < deadline and pump(0.05):
            pass

    try:
        wait_for(r"^wl>")
        submit("x est un entier = 41")
        type_("SI x = 41 ALORS\r")
        wait_for(r"^\.\.\.$")  # a continuation line: the block is open
        type_('Info("b" + "loc")')
        wait_for(r'^\.\.\. {5}Info\("b" \+ "loc"\)$')  # indented by 4
        type_("\r")
        assert "bloc" not in screen.text().replace('"loc"', "")  # nothing ran yet
        submit("FIN")
        wait_for(r"^bloc$")
        assert screen.text().count("\nbloc") == 1
        assert re.search(r"^\.\.\. FIN$", screen.text(), re.MULTILINE)  # FIN dedented
        submit("t est un tableau de 3 entiers")
        type_("Info(t.Occ")
        wait_for(r"t\.Occ")
        type_("\t")
        wait_for(r"^wl> Info\(t\.Occurrence")  # Tab completed, on screen
        submit(")")
        wait_for(r"^3$")
        type_("\x04")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and pump(0.05):
            pass
    finally:
        status = _reap(pid)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert "Traceback" not in screen.text()


def _reap(pid: int, timeout: float = 10) -> int:
    """The child's exit status; killed if it does not end by itself in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    return os.waitpid(pid, 0)[1]
