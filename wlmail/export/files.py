"""File and folder functions in ``export --python``: what a template of
``stdlib/python-export.toml`` cannot say.

The plain cases are data (``[functions.f_make_dir]`` → the helper ``make_dir``…); here are the
calls whose arguments need a look: ``fSauveTexte``/``fAjouteTexte`` (the text made text, the
encoding a ``fo…`` constant), ``fChargeTexte`` with an encoding, ``fRenomme``/``fDéplaceFichier``
(a move that refuses an existing target), ``fFichierExiste``/``fRépertoireExiste`` (inline
``os.path``, a backslash read as ``/`` as wlmail does), ``fListeFichier``, the ``f…``/``fo…``
constants, ``ErreurDétectée`` (the helpers record their failure; ``ErreurInfo`` after them is
export/file_errors.py) and ``fSauveTexte``/``fRepCrée``/``fSupprime`` whose result is ignored
(pathlib under ``contextlib.suppress``). ``INILit``/``INIEcrit`` are export/ini.py.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.builtins import implementation
from wlmail.export.base import Py, Skip
from wlmail.export.exprs import call, const
from wlmail.export.stmts import StmtMixin, walk
from wlmail.syntax import nodes as n

PATH_CONSTANTS = {"f_drive", "f_directory", "f_file_name", "f_extension"}
ENCODINGS = {"fo_ansi", "fo_unicode", "fo_utf8"}
LISTING = {"fr_recursive", "fr_not_recursive"}
# the fallible functions whose helper records its failure for ErreurDétectée (error_occurred)
RECORDING = {
    "f_make_dir",
    "f_remove_dir",
    "f_delete",
    "f_size",
    "f_copy_file",
    "f_rename",
    "f_move_file",
    "f_save_text",
    "f_add_text",
    "f_load_text",
    "f_list_file",
    "f_load_buffer",
    "f_save_buffer",
    "ini_read",
    "ini_write",
}
# fSauveTexte as a statement: Path.write_text's encoding for each fo… constant (0: none given)
WRITE_ENCODINGS = {
    0: 'encoding="utf-8"',
    4: 'encoding="utf-8-sig"',
    1: 'encoding="cp1252", errors="replace"',
}
TESTS = {"f_file_exist": "exists", "f_directory_exist": "isdir"}


class FilesMixin(StmtMixin):
    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id in TESTS and len(args) == 1:
            self.need("import os")
            return Py(call(f"os.path.{TESTS[entry.id]}", self.os_path(args[0])), "bool")
        if entry.id in ("f_save_text", "f_add_text") and len(args) in (2, 3):
            return self.save_text(node, entry, args)
        if entry.id == "f_load_text" and len(args) == 2:
            path = self.path_arg(args[0])
            return Py(self.helper("load_text", path, self.encoding(node, args[1])), "string")
        if entry.id in ("f_rename", "f_move_file") and len(args) == 2:
            paths = [self.path_arg(a) for a in args]
            moved = self.helper("copy_file", *paths)
            assert isinstance(moved, ast.Call)
            moved.keywords.append(ast.keyword("move", const(True)))
            return Py(moved, "bool")
        if entry.id == "error_occurred" and not args and self.only_file_failures():
            return Py(self.helper("error_occurred"), "bool")
        if entry.id == "f_list_file" and len(args) in (1, 2):
            return self.list_files(node, args)
        return super().mail_call(node, entry, args)

    def mail_constant(self, node: n.Name, entry: Any) -> Py:
        if entry.id in PATH_CONSTANTS or entry.id in ENCODINGS or entry.id in LISTING:
            return Py(const(entry.value), "int")
        return super().mail_constant(node, entry)

    def save_text(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py:
        text = self.expr(args[1])
        if text.type not in ("string", "int", "real", "bool"):
            raise Skip(node, f"{entry.name(self.lang)} of a {text.type} value")
        codes = [self.path_arg(args[0]), self.text(text)]
        if len(args) == 3:
            codes.append(self.encoding(node, args[2]))
        saved = self.helper("save_text", *codes)
        if entry.id == "f_add_text":
            assert isinstance(saved, ast.Call)
            saved.keywords.append(ast.keyword("append", const(True)))
        return Py(saved, "bool")

    def path_arg(self, node: n.Node) -> ast.expr:
        value = self.expr(node)
        return self.text(value) if value.type in ("int", "real", "bool") else value.code

    def os_path(self, node: n.Node) -> ast.expr:
        """A path for ``os.path``: a backslash read as ``/`` (at export time for a literal)."""
        path = self.path_arg(node)
        if isinstance(path, ast.Constant) and isinstance(path.value, str):
            return const(path.value.replace("\\", "/"))
        replace = ast.Attribute(path, "replace", ast.Load())
        return ast.Call(replace, [const("\\"), const("/")], [])

    def encoding(self, node: n.Node, arg: n.Node) -> ast.expr:
        """An encoding argument: a ``fo…`` constant (or its value); anything else would make
        wlmail fail at run time the way it alone words it, so it is refused."""
        code = self.expr(arg).code
        if isinstance(code, ast.Constant) and code.value in (1, 2, 4) and code.value is not True:
            return code
        raise Skip(node, "an encoding other than foAnsi, foUnicode or foUTF8")

    def list_files(self, node: n.Node, args: list[n.Node]) -> Py:
        """``fListeFichier(masque [, frRécursif])``: the names separated by CR. The form that
        calls a procedure for each file is refused."""
        listed = self.helper("list_files", self.path_arg(args[0]))
        if len(args) == 2:
            option = self.expr(args[1]).code
            if not isinstance(option, ast.Constant) or type(option.value) is not int:
                raise Skip(
                    node, "fListeFichier with a procedure or options that are not frRécursif"
                )
            if option.value & 1:
                assert isinstance(listed, ast.Call)
                listed.keywords.append(ast.keyword("recursive", const(True)))
        return Py(listed, "string")

    def records_its_failure(self, node: n.Call) -> bool:
        """A call the exported program records in the helpers' error state, whatever its
        function (a mixin's own mapping: EmailConstruitSource used as a value)."""
        return False

    def only_file_failures(self) -> bool:
        """``ErreurDétectée`` is the helper ``error_occurred`` only when every function of
        the program that can fail is a file function whose helper records it: whatever ran
        last before the read, the helper then knows as wlmail does."""
        for node in walk([self.program.body, self.program.procs]):
            if isinstance(node, n.Call) and self.records_its_failure(node):
                continue
            if isinstance(node, n.Call):
                kind = self.ann.calls.get(id(node), ("unknown",))
            elif isinstance(node, n.Name):
                kind = self.ref(node)
            else:
                continue
            if kind[0] in ("func", "func_on"):
                impl = implementation(kind[1])
                if (impl is None or impl.fallible) and kind[1].id not in RECORDING:
                    return False
            elif kind[0] not in ("proc", "var", "const") and isinstance(node, n.Call):
                return False  # a method or something unknown: it may fail
        return True

    # -- a call whose result is ignored: pathlib under contextlib.suppress ---------------------
    def mail_statement(self, node: n.Node, expr: n.Call, entry: Any) -> bool:
        """``fSauveTexte(f, t)``, ``fRepCrée(r)``, ``fSupprime(f)`` as statements are pathlib
        calls whose failure is ignored, as WLangage goes on after them (the helpers are kept
        when the program reads ``ErreurDétectée``, which they record)."""
        args = expr.args
        wanted = {"f_save_text": (2, 3), "f_make_dir": (1,), "f_delete": (1,)}
        if len(args) not in wanted.get(entry.id, ()) or self.reads_error_flag():
            return super().mail_statement(node, expr, entry)
        path = ast.unparse(self.os_path(args[0]))
        if entry.id == "f_make_dir":
            action = f"Path({path}).mkdir(parents=True, exist_ok=True)"
        elif entry.id == "f_delete":
            action = f"Path({path}).unlink()"
        else:
            text = self.expr(args[1])
            given = self.encoding(node, args[2]) if len(args) == 3 else const(0)
            code = given.value if isinstance(given, ast.Constant) else -1
            code = code if isinstance(code, int) else -1
            if text.type not in ("string", "int", "real", "bool") or code not in WRITE_ENCODINGS:
                return super().mail_statement(node, expr, entry)
            shown = ast.unparse(self.text(text))
            action = f'Path({path}).write_text({shown}, {WRITE_ENCODINGS[code]}, newline="")'
        self.need("import contextlib")
        self.need("from pathlib import Path")
        self.line(node, "with contextlib.suppress(OSError, ValueError):")
        self.out.emit(0, f"    {action}")
        return True

    def reads_error_flag(self) -> bool:
        """Does the program read the state the helpers record (``ErreurDétectée``, or
        ``ErreurInfo`` where it is theirs: export/file_errors.py), in its main code or in a
        procedure?"""
        for node in walk([self.program.body, self.program.procs]):
            kind: tuple[Any, ...] = ("",)
            if isinstance(node, n.Name):
                kind = self.ref(node)
            elif isinstance(node, n.Call):
                kind = self.ann.calls.get(id(node), ("",))
            if kind[0] != "func":
                continue
            if kind[1].id == "error_occurred":
                return True
            if kind[1].id == "error_info" and self.only_file_failures():
                return True
        return False
