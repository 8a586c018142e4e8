"""File functions: ``fChargeTexte``, ``fSauveTexte``, ``fRepExe``, ``fExtraitChemin``…

Failures never raise (decision 7): the function returns its failure value (``""``, ``Faux``,
``-1``, an empty buffer) after ``rt.fail``. Paths written the WINDEV way (``data\\in.txt``) work
on Linux: a backslash is read as a directory separator.
"""

from __future__ import annotations

import codecs
import errno
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from wlmail.builtins import builtin
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import WLFault, to_int, to_str

FO_ANSI, FO_UNICODE, FO_UTF8 = 1, 2, 4
F_DRIVE, F_DIRECTORY, F_FILE_NAME, F_EXTENSION = 1, 2, 4, 8
_SCRIPT_NAMES = ("", "-", "<script>", "<stdin>")


def _path(value: Any) -> str:
    """A script path as the OS wants it: backslashes become the system separator."""
    text = to_str(value)
    if "\0" in text:  # the OS cannot even be asked: report it like any unusable path
        raise OSError(errno.EINVAL, "invalid path (NUL character)")
    return text.replace("\\", os.sep) if os.sep != "\\" else text


def _fail_os(rt: Runtime, shown: str, err: OSError) -> None:
    reason = err.strerror or str(err)
    if isinstance(err, FileNotFoundError):
        rt.fail(rt.msg("file_not_found", path=shown), err.errno or 2, reason)
    else:
        rt.fail(rt.msg("file_error", path=shown, reason=reason), err.errno or 1, reason)


def _check(rt: Runtime, value: Any) -> str | None:
    """The OS path, or None (error recorded) when it is empty or holds a NUL."""
    try:
        path = _path(value)
    except OSError as err:  # a NUL: the OS cannot be asked, report it as a failure
        _fail_os(rt, to_str(value), err)
        return None
    if not path:
        rt.fail(rt.msg("empty_path"), 1)
        return None
    return path


def _decode(data: bytes) -> str:
    """BOM first; otherwise UTF-8; otherwise Windows-1252 (Latin-1 for its 5 holes)."""
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def _encode(rt: Runtime, fid: str, text: Any, encoding: Any) -> bytes:
    if isinstance(text, bytes):
        return text
    s = to_str(text)
    code = 0 if encoding is None else to_int(encoding)
    if code == 0:
        return s.encode("utf-8")
    if code == FO_UTF8:
        return codecs.BOM_UTF8 + s.encode("utf-8")
    if code == FO_UNICODE:
        return codecs.BOM_UTF16_LE + s.encode("utf-16-le")
    if code == FO_ANSI:
        return s.encode("cp1252", errors="replace")
    raise WLFault("bad_encoding", name=rt.catalog.functions[fid].name(rt.lang), value=code)


def _write(rt: Runtime, value: Any, data: bytes, mode: str) -> bool:
    path = _check(rt, value)
    if path is None:
        return False
    try:
        if getattr(data, "wl_private", False):  # secrets (a serialized AuthToken): owner only
            flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
            fd = os.open(path, flags, 0o600)
            os.fchmod(fd, 0o600)  # also when the file already existed
            with os.fdopen(fd, mode) as f:
                f.write(data)
        else:
            with open(path, mode) as f:
                f.write(data)
    except OSError as err:
        _fail_os(rt, to_str(value), err)
        return False
    return True


def _read(rt: Runtime, value: Any) -> bytes | None:
    path = _check(rt, value)
    if path is None:
        return None
    if os.path.isdir(path):
        rt.fail(rt.msg("not_a_file", path=to_str(value)), 1)
        return None
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as err:
        _fail_os(rt, to_str(value), err)
        return None


# ---- whole files ---------------------------------------------------------------------------------
@builtin("f_load_text", fallible=True)
def f_load_text(rt: Runtime, path: Any, encoding: Any = None) -> str:
    data = _read(rt, path)
    if data is None:
        return ""
    code = 0 if encoding is None else to_int(encoding)
    if code == FO_ANSI:
        return data.decode("cp1252", errors="replace")
    if code == FO_UNICODE and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16-le", errors="replace")
    return _decode(data)


@builtin("f_save_text", fallible=True)
def f_save_text(rt: Runtime, path: Any, text: Any, encoding: Any = None) -> bool:
    return _write(rt, path, _encode(rt, "f_save_text", text, encoding), "wb")


@builtin("f_add_text", fallible=True)
def f_add_text(rt: Runtime, path: Any, text: Any) -> bool:
    return _write(rt, path, _encode(rt, "f_add_text", text, None), "ab")


@builtin("f_load_buffer", fallible=True)
def f_load_buffer(rt: Runtime, path: Any) -> bytes:
    data = _read(rt, path)
    return b"" if data is None else data


@builtin("f_save_buffer", fallible=True)
def f_save_buffer(rt: Runtime, path: Any, data: Any) -> bool:
    raw = data if isinstance(data, bytes) else to_str(data).encode("utf-8")
    return _write(rt, path, raw, "wb")


# ---- tests and places ----------------------------------------------------------------------------
@builtin("f_file_exist")
def f_file_exist(rt: Runtime, path: Any) -> bool:
    p = to_str(path)
    return bool(p) and "\0" not in p and os.path.exists(_path(p))


@builtin("f_directory_exist")
def f_directory_exist(rt: Runtime, path: Any) -> bool:
    p = to_str(path)
    return bool(p) and "\0" not in p and os.path.isdir(_path(p))


@builtin("f_exe_dir")
def f_exe_dir(rt: Runtime) -> str:
    name = rt.filename
    if name in _SCRIPT_NAMES or name.startswith("<"):
        return os.getcwd()
    return str(Path(name).resolve().parent)


@builtin("f_current_dir")
def f_current_dir(rt: Runtime) -> str:
    return os.getcwd()


@builtin("f_temp_dir")
def f_temp_dir(rt: Runtime) -> str:
    return tempfile.gettempdir().rstrip(os.sep) or os.sep


@builtin("f_sep")
def f_sep(rt: Runtime) -> str:
    return os.sep


# ---- directories and files -----------------------------------------------------------------------
@builtin("f_make_dir", fallible=True)
def f_make_dir(rt: Runtime, path: Any) -> bool:
    p = _check(rt, path)
    if p is None:
        return False
    try:
        os.makedirs(p, exist_ok=True)
    except OSError as err:
        _fail_os(rt, to_str(path), err)
        return False
    return True


@builtin("f_remove_dir", fallible=True)
def f_remove_dir(rt: Runtime, path: Any, options: Any = None) -> bool:
    p = _check(rt, path)
    if p is None:
        return False
    if not os.path.isdir(p):
        rt.fail(rt.msg("dir_not_found", path=to_str(path)), 2)
        return False
    try:
        os.rmdir(p)
    except OSError as err:
        _fail_os(rt, to_str(path), err)
        return False
    return True


@builtin("f_delete", fallible=True)
def f_delete(rt: Runtime, path: Any, options: Any = None) -> bool:
    p = _check(rt, path)
    if p is None:
        return False
    if os.path.isdir(p):
        rt.fail(rt.msg("not_a_file", path=to_str(path)), 1)
        return False
    try:
        os.remove(p)
    except OSError as err:
        _fail_os(rt, to_str(path), err)
        return False
    return True


def _source_and_target(rt: Runtime, src: Any, dst: Any) -> tuple[str, str] | None:
    s, d = _check(rt, src), _check(rt, dst)
    if s is None or d is None:
        return None
    if not os.path.isfile(s):
        if os.path.isdir(s):
            rt.fail(rt.msg("not_a_file", path=to_str(src)), 1)
        else:
            rt.fail(rt.msg("file_not_found", path=to_str(src)), 2)
        return None
    if os.path.isdir(d):
        d = os.path.join(d, os.path.basename(s))
    return s, d


@builtin("f_copy_file", fallible=True)
def f_copy_file(rt: Runtime, src: Any, dst: Any, options: Any = None) -> bool:
    paths = _source_and_target(rt, src, dst)
    if paths is None:
        return False
    try:
        shutil.copyfile(*paths)
    except OSError as err:
        _fail_os(rt, to_str(dst), err)
        return False
    return True


def _move(rt: Runtime, src: Any, dst: Any) -> bool:
    paths = _source_and_target(rt, src, dst)
    if paths is None:
        return False
    if os.path.exists(paths[1]):
        rt.fail(rt.msg("file_exists", path=to_str(dst)), 80)
        return False
    try:
        shutil.move(*paths)
    except OSError as err:
        _fail_os(rt, to_str(dst), err)
        return False
    return True


@builtin("f_rename", fallible=True)
def f_rename(rt: Runtime, src: Any, dst: Any) -> bool:
    return _move(rt, src, dst)


@builtin("f_move_file", fallible=True)
def f_move_file(rt: Runtime, src: Any, dst: Any) -> bool:
    return _move(rt, src, dst)


@builtin("f_size", fallible=True)
def f_size(rt: Runtime, path: Any) -> int:
    p = _check(rt, path)
    if p is None:
        return -1
    if os.path.isdir(p):
        rt.fail(rt.msg("not_a_file", path=to_str(path)), 1)
        return -1
    try:
        return os.path.getsize(p)
    except OSError as err:
        _fail_os(rt, to_str(path), err)
        return -1


# ---- path text -----------------------------------------------------------------------------------
@builtin("f_extract_path")
def f_extract_path(rt: Runtime, path: Any, parts: Any) -> str:
    """Pure text: both separators are understood and kept as written."""
    text = to_str(path)
    wanted = to_int(parts)
    drive = ""
    if len(text) >= 2 and text[1] == ":" and text[0].isalpha():
        drive, text = text[:2], text[2:]
    elif text[:2] in ("\\\\", "//"):  # \\server\share
        cut = len(text)
        for i, c in enumerate(text[2:], 2):
            if c in "\\/" and any(x in "\\/" for x in text[2:i]):
                cut = i
                break
        drive, text = text[:cut], text[cut:]
    cut = max(text.rfind("\\"), text.rfind("/")) + 1
    directory, name = text[:cut], text[cut:]
    dot = name.rfind(".")
    stem, ext = (name[:dot], name[dot:]) if dot > 0 else (name, "")
    out = ""
    for flag, piece in (
        (F_DRIVE, drive),
        (F_DIRECTORY, directory),
        (F_FILE_NAME, stem),
        (F_EXTENSION, ext),
    ):
        if wanted & flag:
            out += piece
    return out


# ---- fListeFichier ------------------------------------------------------------------------------
FR_RECURSIVE = 1


@builtin("f_list_file", fallible=True)
def f_list_file(
    rt: Runtime, pattern: Any, proc_or_options: Any = None, param: Any = None, options: Any = None
) -> Any:
    """``fListeFichier(masque [, options])`` → names separated by CR; ``fListeFichier(masque,
    procédure [, paramètre [, options]])`` → how many files the procedure saw (it gets the full
    name, the name and the parameter; returning Faux stops)."""
    from wlmail.runtime.calls import invoke
    from wlmail.runtime.state import Proc

    proc: Any = proc_or_options
    if isinstance(proc, str) and proc:
        proc = rt.procs.get(fold_name(proc))
    if not isinstance(proc, Proc) and not callable(proc):  # a procedure of an exported script
        proc = None
    flags = to_int(options if proc is not None else proc_or_options or 0)
    try:
        found = _matching(_path(pattern), bool(flags & FR_RECURSIVE))
    except OSError as err:
        _fail_os(rt, to_str(pattern), err)
        return 0 if proc is not None else ""
    if proc is None:
        return "\r\n".join(found)
    count = 0
    for full in found:
        count += 1
        args = [full, os.path.basename(full), param]
        result = invoke(rt, proc, args, None)[0] if isinstance(proc, Proc) else proc(*args)
        if result is False:
            break
    return count


def _matching(pattern: str, recursive: bool) -> list[str]:
    """Files (not directories) matching ``pattern``'s last part (``*``, ``?``), sorted."""
    import fnmatch

    folder, mask = os.path.split(pattern)
    folder = folder or "."
    if not os.path.isdir(folder):
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), folder)
    mask = mask or "*"
    found: list[str] = []
    walk = os.walk(folder) if recursive else [(folder, [], os.listdir(folder))]
    for root, _dirs, names in walk:
        for name in sorted(names):
            full = os.path.join(root, name)
            if os.path.isfile(full) and fnmatch.fnmatch(name.casefold(), mask.casefold()):
                found.append(full)
    return found


def fold_name(name: str) -> str:
    from wlmail.catalog import fold

    return fold(name)
