"""``INILit``/``INIRead`` and ``INIEcrit``/``INIWrite`` in ``export --python``.

``configparser`` neither reads nor writes an .INI file the way wlmail does (it lowercases keys,
writes ``key = value``, drops comments and the order of what it does not know), so the program
would not leave the same file behind. The helpers ``ini_read``/``ini_write`` do what
``wlmail/builtins/ini.py`` does, line for line: ``[section]`` and ``key=value`` lines, names
compared without case, blanks around names and values dropped, ``;``/``#`` lines are comments,
the text decoded as ``fChargeTexte`` decodes it; a write changes the one line concerned (or
adds it at the end of its section, or the section at the end of the file) and writes the
lines back with ``\\n``, UTF-8. Their failures are recorded as the file functions' are
(``ErreurDétectée``, ``ErreurInfo``). Without a file name there is no WIN.INI: ``INILit``
gives its "not found" value and ``INIEcrit`` fails (wlmail's ruling). ``Null`` as the value
deletes the key; an empty key deletes the section.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.export.base import Py, Skip
from wlmail.export.exprs import const
from wlmail.export.file_helpers import RECORDS
from wlmail.export.stmts import StmtMixin
from wlmail.runtime.values import to_str
from wlmail.syntax import nodes as n

TEXTS = ("string", "int", "real", "bool")

INI_HELPERS: dict[str, str] = {
    "_ini_lines": '''
def _ini_lines(path: str) -> list[str] | None:
    """The lines of an .INI file ([] when there is none), or None (failure recorded)."""
    found = _check(path)
    if found is None:
        return None
    try:
        with open(found, "rb") as file:
            return _decode(file.read()).splitlines()
    except FileNotFoundError:
        return []
    except OSError as err:
        _fail_os(path, err)
        return None


def _ini_section(line: str) -> str | None:
    """The name of the section a ``[section]`` line opens, else None."""
    text = line.strip()
    if text.startswith("[") and "]" in text:
        return text[1 : text.index("]")].strip()
    return None


def _ini_entry(line: str) -> tuple[str, str] | None:
    """The key and the value of a ``key=value`` line (not a ``;`` or ``#`` comment)."""
    text = line.strip()
    if not text or text[0] in ";#" or "=" not in text:
        return None
    key, _, value = text.partition("=")
    return key.strip(), value.strip()
''',
    "ini_read": '''
def ini_read(section: str, key: str = "", missing: str = "", path: str = "") -> str:
    """INILit/INIRead: the value of ``key`` in ``[section]`` of the .INI file ``path``,
    ``missing`` when there is none (or no file named). Names are compared without case;
    an empty ``section`` lists the sections, an empty ``key`` the keys of the section
    (CR LF between them)."""
    _clear()
    if not path:
        return missing
    lines = _ini_lines(path)
    if lines is None:
        return missing
    sections: dict[str, list[tuple[str, str]]] = {}
    names: list[str] = []
    current: list[tuple[str, str]] | None = None
    for line in lines:
        name = _ini_section(line)
        if name is not None:
            if name.casefold() not in sections:
                names.append(name)
            current = sections.setdefault(name.casefold(), [])
            continue
        entry = _ini_entry(line)
        if entry is not None and current is not None:
            current.append(entry)
    if not section:
        return "\\r\\n".join(names) if names else missing
    entries = sections.get(section.strip().casefold())
    if entries is None:
        return missing
    if not key:
        return "\\r\\n".join(k for k, _ in entries) if entries else missing
    wanted = key.strip().casefold()
    return next((v for k, v in entries if k.casefold() == wanted), "") or missing
''',
    "ini_write": '''
def ini_write(section: str, key: str, value: str | None, path: str = "") -> bool:
    """INIEcrit/INIWrite: sets ``key=value`` in ``[section]`` of the .INI file ``path``
    (None as the value deletes the key, an empty key the section); every other line is
    kept as it was. False when no file is named or it cannot be written."""
    _clear()
    if not path:
        _fail(_file_message("ini_no_file"))
        return False
    lines = _ini_lines(path)
    if lines is None:
        return False
    lines = _ini_edit(lines, section.strip(), key.strip(), value)
    try:
        with open(os_path(path), "w", encoding="utf-8") as file:
            file.write("".join(line + "\\n" for line in lines))
    except OSError as err:
        _fail_os(path, err)
        return False
    return True


def _ini_edit(lines: list[str], section: str, key: str, value: str | None) -> list[str]:
    """``lines`` with ``key=value`` set in ``section`` (or the key or the section removed)."""
    names = [_ini_section(line) for line in lines]
    wanted = section.casefold()
    start = next((i for i, x in enumerate(names) if x is not None and x.casefold() == wanted), -1)
    if start < 0:
        if not key or value is None:
            return lines
        return [*lines, f"[{section}]", f"{key}={value}"]
    end = next((i for i in range(start + 1, len(lines)) if names[i] is not None), len(lines))
    if not key:
        return lines[:start] + lines[end:]
    for i in range(start + 1, end):
        entry = _ini_entry(lines[i])
        if entry is not None and entry[0].casefold() == key.casefold():
            if value is None:
                return lines[:i] + lines[i + 1 :]
            return [*lines[:i], f"{entry[0]}={value}", *lines[i + 1 :]]
    if value is None:
        return lines
    last = end
    while last > start + 1 and not lines[last - 1].strip():
        last -= 1  # before the blank lines that end the section
    return [*lines[:last], f"{key}={value}", *lines[last:]]
''',
}
INI_NEEDS: dict[str, list[str]] = {
    "ini_read": [*RECORDS, "_ini_lines", "_decode"],
    "ini_write": [*RECORDS, "_ini_lines", "_decode"],
}


class IniMixin(StmtMixin):
    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id == "ini_read" and 1 <= len(args) <= 4:
            codes = [self.ini_text(node, entry, a) for a in args]
            return Py(self.helper("ini_read", *codes), "string")
        if entry.id == "ini_write" and 2 <= len(args) <= 4:
            codes = [self.ini_text(node, entry, a) for a in args]
            if len(args) >= 3 and self.is_null(args[2]):
                codes[2] = const(None)  # Null deletes the key
            if len(codes) == 2:
                codes.append(const(""))  # no value: "key="
            return Py(self.helper("ini_write", *codes), "bool")
        return super().mail_call(node, entry, args)

    def clean_call(self, node: ast.AST) -> bool:
        """``ini_read`` of a key named in the script gives a value read off one line (no CR),
        or its "not found" value: a text without CR when that one is."""
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            return super().clean_call(node)
        args = node.args
        if node.func.id != "ini_read" or len(args) < 2 or len(args) > 4:
            return super().clean_call(node)
        named = all(isinstance(a, ast.Constant) and a.value for a in args[:2])
        missing = args[2] if len(args) > 2 else const("")
        return named and isinstance(missing, ast.Constant) and "\r" not in str(missing.value)

    def ini_text(self, node: n.Node, entry: Any, arg: n.Node) -> ast.expr:
        """An argument as the text wlmail reads (Null: "")."""
        if self.is_null(arg):
            return const("")
        value = self.expr(arg)
        if value.type not in TEXTS:
            raise Skip(node, f"{entry.name(self.lang)} of a {value.type} value")
        if isinstance(value.code, ast.Constant) and value.type in ("int", "real"):
            return const(to_str(value.code.value))  # 587: "587", written now
        return self.text(value)

    def is_null(self, arg: n.Node) -> bool:
        ref = self.ref(arg) if isinstance(arg, n.Name) else ("",)
        return bool(ref[0] == "const" and ref[1].id == "null")
