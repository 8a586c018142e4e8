"""Helper-module functions for the file functions of :mod:`.files` (``fRepCrée``, ``fSauveTexte``…).

Merged into :data:`wlmail.export.helpers.HELPERS`. Each does what ``wlmail/builtins/files.py``
does: a path written the WINDEV way (``data\\in.txt``) is read with ``/``; a failure returns the
function's failure value (``False``, ``-1``, ``""``) instead of raising, as WLangage does.
"""

from __future__ import annotations

FILE_HELPERS: dict[str, str] = {
    "error_occurred": '''
_last_failed = [False]


def error_occurred() -> bool:
    """ErreurDétectée/ErrorOccurred: whether the last file function called failed."""
    return _last_failed[0]


def _ok(ok: bool) -> bool:
    """Records whether a file function succeeded (for error_occurred); returns ``ok``."""
    _last_failed[0] = not ok
    return ok
''',
    "os_path": '''
def os_path(path: str) -> str:
    """A WLangage path for the OS: a backslash (WINDEV's separator) is read as "/"."""
    return path.replace("\\\\", "/")
''',
    "make_dir": '''
def make_dir(path: str) -> bool:
    """fRepCrée/fMakeDir: the directory and its parents (True when it exists already);
    False when it cannot be made."""
    from pathlib import Path

    if not path:
        return _ok(False)
    try:
        Path(os_path(path)).mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError):  # ValueError: a NUL in the path
        return _ok(False)
    return _ok(True)
''',
    "remove_dir": '''
def remove_dir(path: str) -> bool:
    """fRepSupprime/fRemoveDir: removes an empty directory; False when it cannot."""
    import os

    if not path or not os.path.isdir(os_path(path)):
        return _ok(False)
    try:
        os.rmdir(os_path(path))
    except OSError:
        return _ok(False)
    return _ok(True)
''',
    "delete_file": '''
def delete_file(path: str) -> bool:
    """fSupprime/fDelete: removes a file (not a directory); False when it cannot."""
    import os

    if not path or os.path.isdir(os_path(path)):
        return _ok(False)
    try:
        os.remove(os_path(path))
    except (OSError, ValueError):
        return _ok(False)
    return _ok(True)
''',
    "file_size": '''
def file_size(path: str) -> int:
    """fTaille/fSize: the size of a file in bytes, -1 when it cannot be read."""
    import os

    size = -1
    if path and not os.path.isdir(os_path(path)):
        try:
            size = os.path.getsize(os_path(path))
        except (OSError, ValueError):
            size = -1
    _ok(size >= 0)
    return size
''',
    "copy_file": '''
def copy_file(source: str, target: str, move: bool = False) -> bool:
    """fCopieFichier/fCopyFile (or, with ``move``, fRenomme/fDéplaceFichier, which refuse
    an existing target): a file to a file or into a directory; False when it cannot."""
    import os
    import shutil

    if not source or not target or not os.path.isfile(os_path(source)):
        return _ok(False)
    src, dst = os_path(source), os_path(target)
    if os.path.isdir(dst):
        dst = os.path.join(dst, os.path.basename(src))
    if move and os.path.exists(dst):
        return _ok(False)
    try:
        if move:
            shutil.move(src, dst)
        else:
            shutil.copyfile(src, dst)
    except (OSError, ValueError):
        return _ok(False)
    return _ok(True)
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
    if not path:
        return _ok(False)
    try:
        with open(os_path(path), "ab" if append else "wb") as file:
            file.write(data)
    except (OSError, ValueError):
        return _ok(False)
    return _ok(True)
''',
    "load_text": '''
def load_text(path: str, encoding: int = 0) -> str:
    """fChargeTexte/fLoadText: the text of a file, "" when it cannot be read. Read as
    its BOM says, else as UTF-8, else as Windows-1252; foAnsi (1): Windows-1252,
    foUnicode (2): UTF-16-LE without a BOM."""
    import codecs
    import os

    if not _ok(bool(path) and not os.path.isdir(os_path(path))):
        return ""
    try:
        with open(os_path(path), "rb") as file:
            data = file.read()
    except (OSError, ValueError):
        _ok(False)
        return ""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if encoding == 1:
        return data.decode("cp1252", errors="replace")
    if encoding == 2 and not utf16:
        return data.decode("utf-16-le", errors="replace")
    if data.startswith(codecs.BOM_UTF8):
        return data.decode("utf-8-sig", errors="replace")
    if utf16:
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)
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
    "list_files": '''
def list_files(pattern: str, recursive: bool = False) -> str:
    """fListeFichier/fListFile: the files (not directories) whose name matches the last
    part of ``pattern`` (``*``, ``?``, case ignored), sorted in each directory and separated
    by CR (\\r\\n); with ``recursive`` (frRécursif) in its subdirectories too. "" when the
    directory cannot be read."""
    import fnmatch
    import os

    folder, mask = os.path.split(os_path(pattern))
    folder, mask = folder or ".", (mask or "*").casefold()
    if not os.path.isdir(folder):
        _ok(False)
        return ""
    try:
        if recursive:
            tree = [(root, names) for root, _dirs, names in os.walk(folder)]
        else:
            tree = [(folder, os.listdir(folder))]
    except (OSError, ValueError):
        _ok(False)
        return ""
    _ok(True)
    found = []
    for root, names in tree:
        for name in sorted(names):
            full = os.path.join(root, name)
            if os.path.isfile(full) and fnmatch.fnmatch(name.casefold(), mask):
                found.append(full)
    return "\\r\\n".join(found)
''',
}
FILE_NEEDS = {
    name: ["os_path", "error_occurred"]
    for name in (
        "make_dir",
        "remove_dir",
        "delete_file",
        "file_size",
        "copy_file",
        "save_text",
        "load_text",
        "list_files",
    )
}
