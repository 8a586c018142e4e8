"""``ErreurInfo`` after the file functions, and buffers read from and written to files.

The file helpers record each failure as ``wlmail run`` does (export/file_helpers.py): the
message in the script's language (``fichier « x » introuvable``, ``chemin de fichier vide``…,
the OS's words where the OS refused), the number (errno). So where every function of the
program that can fail is one of those helpers (``only_file_failures``), ``ErreurInfo()`` and
``ErreurInfo(errMessage)`` are ``error_message()``, ``ErreurInfo(errCode)`` is
``error_code()``; the other fields (the system's message, ``errComplet``) are refused.

``fChargeBuffer(f)`` is ``load_buffer(f)`` (``bytes``, ``b""`` when it cannot be read) and
``fSauveBuffer(f, b)`` is ``save_buffer(f, b)``, a text given as the buffer written in UTF-8 as
wlmail writes it (``.encode()``).
"""

from __future__ import annotations

from typing import Any

from wlmail.export.base import Py, Skip
from wlmail.export.buffers import method
from wlmail.export.files import FilesMixin
from wlmail.syntax import nodes as n

FIELDS = {"": "error_message", "err_message": "error_message", "err_code": "error_code"}


class FileErrorsMixin(FilesMixin):
    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id == "error_info" and not self.scope.error_name and self.only_file_failures():
            return self.error_field(node, entry, args)
        if entry.id == "f_load_buffer" and len(args) == 1:
            return Py(self.helper("load_buffer", self.path_arg(args[0])), "buffer")
        if entry.id == "f_save_buffer" and len(args) == 2:
            data = self.expr(args[1])
            if data.type in ("string", "int", "real", "bool"):
                data = Py(method(self.text(data), "encode"), "buffer")
            if data.type != "buffer":
                raise Skip(node, f"{entry.name(self.lang)} of a {data.type} value")
            return Py(self.helper("save_buffer", self.path_arg(args[0]), data.code), "bool")
        return super().mail_call(node, entry, args)

    def error_field(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py:
        """``ErreurInfo([errMessage | errCode])`` after file functions."""
        ref = self.ref(args[0]) if len(args) == 1 and isinstance(args[0], n.Name) else ("",)
        field = FIELDS.get(ref[1].id if ref[0] == "const" else "?") if args else "error_message"
        if field is None:
            raise Skip(node, f"{entry.name(self.lang)} with this argument after a file function")
        return Py(self.helper(field), "int" if field == "error_code" else "string")
