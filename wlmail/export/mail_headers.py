"""Header values the script does not give as clean literals: checked where the message is sent.

wlmail refuses to send a message whose header or address holds a line break or a control
character (``mail/mime.py``: ``forbidden_char``): the send returns Faux and ``ErreurInfo`` says
which property. Python's ``EmailMessage`` raises ValueError on a line break inside a value, but
lets a trailing one through (``"a\\r\\n"`` ends the headers: what follows becomes the body), and
NUL, ESC or DEL too. So a value that is not a clean literal is written, where the message is
sent and inside the send's ``try``, through ``safe_header(value, "Sujet")``, a function the
program defines (like its OAuth functions, :mod:`.oauth_flow`): it raises ValueError with
wlmail's words, the send's ``except`` catches it, and nothing is sent.

A clean literal (``m.Sujet = "Bonjour"``) is still written where it is set, unchecked, and so
is a variable that holds one wherever it is read (:func:`fixed_texts`).
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.catalog import get_catalog
from wlmail.export.base import Py
from wlmail.export.exprs import call, const
from wlmail.export.stmts import walk
from wlmail.mail.mime import FORBIDDEN_CHARS, forbidden_char
from wlmail.syntax import nodes as n

SAFE_HEADER = '''
def safe_header(value: str, field: str) -> str:
    """``value``, to be given to an ``EmailMessage`` header; ValueError when it holds a line
    break or a control character (the email package lets a trailing line break through, and
    NUL or ESC anywhere)."""
    found = re.search({forbidden}, value)
    if found:
        char = f"U+{ord(found.group()):04X}"
        raise ValueError({message})
    return value
'''


#: mail/mime.py's class of forbidden characters as Python source (escapes, not the characters)
FORBIDDEN_SOURCE = ascii(FORBIDDEN_CHARS).replace("'", '"')


def safe_header_source(lang: str) -> str:
    """The program's ``safe_header`` function, with wlmail's message in the script's language."""
    text = get_catalog().message("mail_injection", lang, char="{char}", field="{field}")
    return SAFE_HEADER.replace("{message}", "f" + repr(text)).replace(
        "{forbidden}", FORBIDDEN_SOURCE
    )


def clean(value: Py) -> bool:
    """A literal text no header check can refuse (written where it is set, unchecked)."""
    code = value.code
    return (
        isinstance(code, ast.Constant)
        and isinstance(code.value, str)
        and forbidden_char(code.value) is None
    )


def checked(value: Py, field: str) -> Py:
    """``safe_header(value, field)``."""
    return Py(call("safe_header", value.code, const(field)), "string")


def fixed_texts(
    program: n.Program, calls: dict[int, Any], changes: dict[str, list[int]]
) -> set[str]:
    """The variables (folded names) that hold a clean literal wherever they are read: declared
    once, with one, never assigned after, no parameter of that name, and never given bare to
    a call of the script's own code (WLangage passes by reference: a procedure could change
    them)."""
    decls: dict[str, list[n.Node]] = {}
    shadowed: set[str] = set()
    for x in walk([program.body, program.procs]):
        if isinstance(x, n.Decl | n.Let):
            for nm in x.names:
                decls.setdefault(nm.key, []).append(x)
        elif isinstance(x, n.Param):
            shadowed.add(x.name.key)
        elif isinstance(x, n.Call) and calls.get(id(x), ("",))[0] not in ("func", "func_on"):
            shadowed |= {a.key for a in x.args if isinstance(a, n.Name)}
    fixed = set()
    for key, found in decls.items():
        if len(found) != 1 or key in shadowed or changes.get(key):
            continue
        decl = found[0]
        value = decl.init if isinstance(decl, n.Decl) else getattr(decl, "value", None)
        if (
            len(getattr(decl, "names", [])) == 1
            and isinstance(value, n.Str)
            and forbidden_char(value.value) is None
        ):
            fixed.add(key)
    return fixed
