"""``INILit``/``INIRead`` and ``INIEcrit``/``INIWrite``: the .INI files legacy scripts keep their
settings in (an SMTP server, a port, a sender).

Read as Windows' GetPrivateProfileString reads them: ``[section]`` lines, ``key=value`` lines,
names compared without case, blanks around names and values dropped, ``;`` lines are comments.
Written back line by line, so comments, order and the other sections stay as they were.
Without a file name, WINDEV uses Windows' WIN.INI: there is none here (ruling: INILit returns
its <Not found> value, INIEcrit fails with ErreurDétectée).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wlmail.builtins import builtin
from wlmail.builtins.files import _check, _decode, _fail_os
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import to_str

CR = "\r\n"


def _lines(rt: Runtime, file: Any) -> list[str] | None:
    path = _check(rt, file)
    if path is None:
        return None
    try:
        return _decode(Path(path).read_bytes()).splitlines()
    except FileNotFoundError:
        return []
    except OSError as err:
        _fail_os(rt, to_str(file), err)
        return None


def _section_of(line: str) -> str | None:
    text = line.strip()
    if text.startswith("[") and "]" in text:
        return text[1 : text.index("]")].strip()
    return None


def _entry(line: str) -> tuple[str, str] | None:
    text = line.strip()
    if not text or text[0] in ";#" or "=" not in text:
        return None
    key, _, value = text.partition("=")
    return key.strip(), value.strip()


def _sections(lines: list[str]) -> dict[str, list[tuple[str, str]]]:
    found: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for line in lines:
        name = _section_of(line)
        if name is not None:
            current = found.setdefault(name.casefold(), [])
            found.setdefault("\0" + name.casefold(), [(name, "")])  # the spelling, for lists
            continue
        entry = _entry(line)
        if entry is not None and current is not None:
            current.append(entry)
    return found


@builtin("ini_read", fallible=True)
def ini_read(
    rt: Runtime, section: Any = None, key: Any = None, missing: Any = "", file: Any = None
) -> str:
    default = to_str(missing) if missing is not None else ""
    if file is None or not to_str(file):
        return default
    lines = _lines(rt, file)
    if lines is None:
        return default
    sections = _sections(lines)
    if section is None or not to_str(section):
        names = [v[0][0] for k, v in sections.items() if k.startswith("\0")]
        return CR.join(names) if names else default
    entries = sections.get(to_str(section).strip().casefold())
    if entries is None:
        return default
    if key is None or not to_str(key):
        return CR.join(k for k, _ in entries) if entries else default
    wanted = to_str(key).strip().casefold()
    value = next((v for k, v in entries if k.casefold() == wanted), "")
    return value or default


@builtin("ini_write", fallible=True)
def ini_write(
    rt: Runtime, section: Any, key: Any = None, value: Any = "", file: Any = None
) -> bool:
    if file is None or not to_str(file):
        rt.fail(rt.msg("ini_no_file"), 1)
        return False
    lines = _lines(rt, file)
    if lines is None:
        return False
    name = to_str(section).strip()
    out = _edit(lines, name, None if key is None else to_str(key).strip(), value)
    path = _check(rt, file)
    assert path is not None
    try:
        Path(path).write_text("".join(line + "\n" for line in out), encoding="utf-8")
    except OSError as err:
        _fail_os(rt, to_str(file), err)
        return False
    return True


def _edit(lines: list[str], section: str, key: str | None, value: Any) -> list[str]:
    """``lines`` with ``key=value`` set in ``section`` (or the key or the section removed)."""
    start = next((i for i, ln in enumerate(lines) if _same(_section_of(ln), section)), None)
    if start is None:
        if not key or value is None:
            return lines
        return [*lines, f"[{section}]", f"{key}={to_str(value)}"]
    end = next((i for i in range(start + 1, len(lines)) if _section_of(lines[i]) is not None), None)
    end = len(lines) if end is None else end
    if not key:  # INIEcrit(section, "") deletes the section
        return lines[:start] + lines[end:]
    for i in range(start + 1, end):
        entry = _entry(lines[i])
        if entry is not None and entry[0].casefold() == key.casefold():
            if value is None:
                return lines[:i] + lines[i + 1 :]
            return [*lines[:i], f"{entry[0]}={to_str(value)}", *lines[i + 1 :]]
    if value is None:
        return lines
    last = end
    while last > start + 1 and not lines[last - 1].strip():
        last -= 1  # before the blank lines that end the section
    return [*lines[:last], f"{key}={to_str(value)}", *lines[last:]]


def _same(name: str | None, wanted: str) -> bool:
    return name is not None and name.casefold() == wanted.casefold()
