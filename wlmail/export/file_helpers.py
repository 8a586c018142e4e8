"""Helper-module functions for the file functions of :mod:`.files` (``fRepCrée``, ``fSauveTexte``…).

Merged into :data:`wlmail.export.helpers.HELPERS`. Each does what ``wlmail/builtins/files.py``
does, step for step: a path written the WINDEV way (``data\\in.txt``) is read with ``/``; a
failure returns the function's failure value (``False``, ``-1``, ``""``, ``b""``) instead of
raising, and is recorded as wlmail records it (``rt.fail``): ``error_occurred()`` is
ErreurDétectée, ``error_message()``/``error_code()`` are ``ErreurInfo(errMessage)``/
``ErreurInfo(errCode)``. The messages are wlmail's, in the script's language, read from
``stdlib/messages*.toml`` at export time (``_file_message`` is a localized part), the names they
quote escaped as :func:`wlmail.textsafe.escape` escapes them.
"""

from __future__ import annotations

from wlmail.catalog import get_catalog
from wlmail.textsafe import _RANGES

#: the messages a file function's failure may record (ids of stdlib/messages*.toml)
FILE_MESSAGES = (
    "file_not_found",
    "file_error",
    "empty_path",
    "not_a_file",
    "dir_not_found",
    "file_exists",
    "ini_no_file",
)


def _messages(lang: str) -> str:
    """``_file_message`` with wlmail's templates in ``lang``."""
    cat = get_catalog()
    rows = []
    for key in FILE_MESSAGES:
        texts = cat.messages[key]
        rows.append(f"        {key!r}: {texts.get(lang) or texts['en']!r},")
    table = "\n".join(rows)
    return f'''
def _file_message(key: str, path: str = "", reason: str = "") -> str:
    """A file function's failure as wlmail words it, in the script's language; the path
    and the reason shown with their control characters escaped (see _shown)."""
    texts = {{
{table}
    }}
    return texts[key].format(path=_shown(path), reason=_shown(reason))
'''


def _escape(code: int) -> str:
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _shown() -> str:
    """``_shown``: wlmail.textsafe.escape (newlines escaped too), its ranges written out."""
    unsafe = "".join(_escape(a) + (f"-{_escape(b)}" if b > a else "") for a, b in _RANGES)
    return rf'''
def _shown(text: str) -> str:
    """``text`` as wlmail quotes a name in a message: every character a terminal would
    obey (controls, line breaks, bidi and other invisible format characters) written as
    a visible escape (``\\x1b``, ``\\u202e``)."""
    import re

    def escape(found: re.Match[str]) -> str:
        code = ord(found.group())
        if code in (10, 13):
            return "\\n" if code == 10 else "\\r"
        if code <= 0xFF:
            return f"\\x{{code:02x}}"
        return f"\\u{{code:04x}}" if code <= 0xFFFF else f"\\U{{code:08x}}"

    if text.isprintable():
        return text
    return re.sub(r"[\n{unsafe}]", escape, text)
'''


FILE_HELPERS: dict[str, str] = {
    "error_occurred": '''
class _FileError:
    """The failure of the last file function called (none when it succeeded), as
    ErreurDétectée/ErrorOccurred and ErreurInfo/ErrorInfo read it."""

    occurred = False
    code = 0
    message = ""


def error_occurred() -> bool:
    """ErreurDétectée/ErrorOccurred: whether the last file function called failed."""
    return _FileError.occurred


def _clear() -> None:
    """A file function starts: the failure of the one before is forgotten."""
    _FileError.occurred, _FileError.code, _FileError.message = False, 0, ""


def _fail(message: str, code: int = 1) -> None:
    """Records the failure of the file function running."""
    _FileError.occurred, _FileError.code, _FileError.message = True, code, message
''',
    "error_message": '''
def error_message() -> str:
    """ErreurInfo(errMessage)/ErrorInfo(errMessage) after a file function: why it failed
    ("" when it succeeded)."""
    return _FileError.message
''',
    "error_code": '''
def error_code() -> int:
    """ErreurInfo(errCode)/ErrorInfo(errCode) after a file function: the number of its
    failure (the OS's errno when the OS refused), 0 when it succeeded."""
    return _FileError.code
''',
    "_file_message": _messages("en"),
    "_shown": _shown(),
    "_check": '''
def _check(path: str) -> str | None:
    """``path`` for the OS (a backslash read as "/"), or None (failure recorded) when it
    is empty or holds a NUL."""
    import errno

    if "\\0" in path:
        reason = "invalid path (NUL character)"
        _fail(_file_message("file_error", path, reason), errno.EINVAL)
        return None
    if not path:
        _fail(_file_message("empty_path"))
        return None
    return os_path(path)


def _check_file(path: str) -> str | None:
    """``path`` for the OS when it may name a file (not a directory), or None (failure
    recorded); the previous failure is forgotten first."""
    import os

    _clear()
    found = _check(path)
    if found is not None and os.path.isdir(found):
        _fail(_file_message("not_a_file", path))
        return None
    return found


def _fail_os(path: str, err: OSError) -> None:
    """Records what the OS answered for ``path``."""
    reason = err.strerror or str(err)
    if isinstance(err, FileNotFoundError):
        _fail(_file_message("file_not_found", path), err.errno or 2)
    else:
        _fail(_file_message("file_error", path, reason), err.errno or 1)
''',
    "os_path": '''
def os_path(path: str) -> str:
    """A WLangage path for the OS: a backslash (WINDEV's separator) is read as "/"."""
    return path.replace("\\\\", "/")
''',
    "_decode": '''
def _decode(data: bytes) -> str:
    """A file's bytes as text, as WLangage reads them: as its BOM says, else as UTF-8,
    else as Windows-1252 (Latin-1 for its 5 holes)."""
    import codecs

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
''',
    "_read": '''
def _read(path: str) -> bytes | None:
    """The bytes of a file, or None (failure recorded)."""
    found = _check_file(path)
    if found is None:
        return None
    try:
        with open(found, "rb") as file:
            return file.read()
    except OSError as err:
        _fail_os(path, err)
        return None


def _write(path: str, data: bytes, mode: str) -> bool:
    """Writes (``mode`` "wb") or appends ("ab") ``data``; False (failure recorded) when
    it cannot."""
    _clear()
    found = _check(path)
    if found is None:
        return False
    try:
        with open(found, mode) as file:
            file.write(data)
    except OSError as err:
        _fail_os(path, err)
        return False
    return True
''',
    "make_dir": '''
def make_dir(path: str) -> bool:
    """fRepCrée/fMakeDir: the directory and its parents (True when it exists already);
    False when it cannot be made."""
    import os

    _clear()
    found = _check(path)
    if found is None:
        return False
    try:
        os.makedirs(found, exist_ok=True)
    except OSError as err:
        _fail_os(path, err)
        return False
    return True
''',
    "remove_dir": '''
def remove_dir(path: str) -> bool:
    """fRepSupprime/fRemoveDir: removes an empty directory; False when it cannot."""
    import os

    _clear()
    found = _check(path)
    if found is None:
        return False
    if not os.path.isdir(found):
        _fail(_file_message("dir_not_found", path), 2)
        return False
    try:
        os.rmdir(found)
    except OSError as err:
        _fail_os(path, err)
        return False
    return True
''',
    "delete_file": '''
def delete_file(path: str) -> bool:
    """fSupprime/fDelete: removes a file (not a directory); False when it cannot."""
    import os

    found = _check_file(path)
    if found is None:
        return False
    try:
        os.remove(found)
    except OSError as err:
        _fail_os(path, err)
        return False
    return True
''',
    "file_size": '''
def file_size(path: str) -> int:
    """fTaille/fSize: the size of a file in bytes, -1 when it cannot be read."""
    import os

    found = _check_file(path)
    if found is None:
        return -1
    try:
        return os.path.getsize(found)
    except OSError as err:
        _fail_os(path, err)
        return -1
''',
    "copy_file": '''
def copy_file(source: str, target: str, move: bool = False) -> bool:
    """fCopieFichier/fCopyFile (or, with ``move``, fRenomme/fDéplaceFichier, which refuse
    an existing target): a file to a file or into a directory; False when it cannot."""
    import os
    import shutil

    _clear()
    src, dst = _check(source), _check(target)
    if src is None or dst is None:
        return False
    if not os.path.isfile(src):
        if os.path.isdir(src):
            _fail(_file_message("not_a_file", source))
        else:
            _fail(_file_message("file_not_found", source), 2)
        return False
    if os.path.isdir(dst):
        dst = os.path.join(dst, os.path.basename(src))
    if move and os.path.exists(dst):
        _fail(_file_message("file_exists", target), 80)
        return False
    try:
        if move:
            shutil.move(src, dst)
        else:
            shutil.copyfile(src, dst)
    except OSError as err:
        _fail_os(target, err)
        return False
    return True
''',
    "save_text": '''
def save_text(path: str, text: str, encoding: int = 0, append: bool = False) -> bool:
    """fSauveTexte/fSaveText (fAjouteTexte/fAddText with ``append``): the text written as is
    (no line-end translation); encoding 0: UTF-8, 4 (foUTF8): UTF-8 with a BOM,
    2 (foUnicode): UTF-16-LE with a BOM, 1 (foAnsi): Windows-1252. False when it cannot."""
    import codecs

    if encoding == 1:
        data = text.encode("cp1252", errors="replace")
    elif encoding == 2:
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    else:
        data = (codecs.BOM_UTF8 if encoding == 4 else b"") + text.encode("utf-8")
    return _write(path, data, "ab" if append else "wb")
''',
    "save_buffer": '''
def save_buffer(path: str, data: bytes) -> bool:
    """fSauveBuffer/fSaveBuffer: the bytes written as they are; False when it cannot."""
    return _write(path, data, "wb")
''',
    "load_buffer": '''
def load_buffer(path: str) -> bytes:
    """fChargeBuffer/fLoadBuffer: the bytes of a file, b"" when it cannot be read."""
    data = _read(path)
    return b"" if data is None else data
''',
    "load_text": '''
def load_text(path: str, encoding: int = 0) -> str:
    """fChargeTexte/fLoadText: the text of a file, "" when it cannot be read. Read as
    its BOM says, else as UTF-8, else as Windows-1252; foAnsi (1): Windows-1252,
    foUnicode (2): UTF-16-LE without a BOM."""
    import codecs

    data = _read(path)
    if data is None:
        return ""
    if encoding == 1:
        return data.decode("cp1252", errors="replace")
    if encoding == 2 and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16-le", errors="replace")
    return _decode(data)
''',
    "extract_path": '''
def extract_path(path: str, parts: int) -> str:
    """fExtraitChemin/fExtractPath: the parts asked (1 drive, 2 directory, 4 file name,
    8 extension, added up) of a path, as text: both separators are understood and kept."""
    drive, rest = "", path
    if len(rest) >= 2 and rest[1] == ":" and rest[0].isalpha():
        drive, rest = rest[:2], rest[2:]
    elif rest[:2] in ("\\\\\\\\", "//"):  # \\\\server\\share
        cut = len(rest)
        for i, c in enumerate(rest[2:], 2):
            if c in "\\\\/" and any(x in "\\\\/" for x in rest[2:i]):
                cut = i
                break
        drive, rest = rest[:cut], rest[cut:]
    cut = max(rest.rfind("\\\\"), rest.rfind("/")) + 1
    directory, name = rest[:cut], rest[cut:]
    dot = name.rfind(".")
    stem, ext = (name[:dot], name[dot:]) if dot > 0 else (name, "")
    pieces = ((1, drive), (2, directory), (4, stem), (8, ext))
    return "".join(piece for flag, piece in pieces if parts & flag)
''',
    "_matching": '''
def _matching(pattern: str, recursive: bool) -> list[str]:
    """The files (not directories) whose name matches the last part of ``pattern``
    (``*``, ``?``, case ignored), sorted in each directory; with ``recursive`` in its
    subdirectories too. An OSError when the directory cannot be read."""
    import errno
    import fnmatch
    import os

    if "\\0" in pattern:
        raise OSError(errno.EINVAL, "invalid path (NUL character)")
    folder, mask = os.path.split(os_path(pattern))
    folder, mask = folder or ".", (mask or "*").casefold()
    if not os.path.isdir(folder):
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), folder)
    if recursive:
        tree = [(root, names) for root, _dirs, names in os.walk(folder)]
    else:
        tree = [(folder, os.listdir(folder))]
    found = []
    for root, names in tree:
        for name in sorted(names):
            full = os.path.join(root, name)
            if os.path.isfile(full) and fnmatch.fnmatch(name.casefold(), mask):
                found.append(full)
    return found
''',
    "list_files": '''
def list_files(pattern: str, recursive: bool = False) -> str:
    """fListeFichier/fListFile: the files matching ``pattern`` (see _matching), separated
    by CR (\\r\\n); "" when the directory cannot be read."""
    _clear()
    try:
        return "\\r\\n".join(_matching(pattern, recursive))
    except OSError as err:
        _fail_os(pattern, err)
        return ""
''',
}
#: what the recording helpers call (the state, the messages, the path checks)
RECORDS = ["error_occurred", "_file_message", "_shown", "_check", "os_path"]
FILE_NEEDS: dict[str, list[str]] = {
    name: RECORDS for name in ("make_dir", "remove_dir", "delete_file", "file_size", "copy_file")
}
FILE_NEEDS.update({name: [*RECORDS, "_read"] for name in ("load_buffer", "save_buffer")})
FILE_NEEDS.update({"load_text": [*RECORDS, "_read", "_decode"], "save_text": [*RECORDS, "_read"]})
FILE_NEEDS.update({"list_files": [*RECORDS, "_matching"]})
FILE_NEEDS.update({"error_message": ["error_occurred"], "error_code": ["error_occurred"]})
LOCALIZED_FILE_HELPERS = {"_file_message": {lang: _messages(lang) for lang in ("fr", "en")}}
