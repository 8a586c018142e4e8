"""Buffers as ``bytes``: ``ChaîneVersUTF8``, ``UTF8VersChaîne``, ``Taille`` of a buffer,
``AnsiVersUnicode``/``UnicodeVersAnsi`` (``wlmail/builtins/strings.py`` does the same).

* ``ChaîneVersUTF8(t)`` (``StringToUTF8``) is ``t.encode()``: a buffer (``bytes``).
* ``Taille``/``Length`` of a buffer is ``len``: its bytes, not its characters.
* ``UTF8VersChaîne(b)`` (``UTF8ToString``) of a buffer is ``b.decode("utf-8-sig",
  errors="replace")``; of a literal text (a text read byte per character, ``"Ã©tÃ©"``) it is
  computed at export time by the runtime's own function; of another text it is reported.
* ``AnsiVersUnicode``/``UnicodeVersAnsi`` of a text are the text itself; ``AnsiVersUnicode`` of a
  buffer decodes it as Windows-1252.

A buffer variable declared with ``ChaîneVersUTF8(…)`` is ``b: bytes = ….encode()`` (with
``fChargeBuffer(…)``, ``b: bytes = load_buffer(…)``: export/file_errors.py); the
buffers without a value are export/oauth.py's (serialized tokens); others are reported.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.builtins.strings import utf8_to_string
from wlmail.export.base import Py, Skip, py_name
from wlmail.export.exprs import call, const
from wlmail.export.stmts import StmtMixin
from wlmail.syntax import nodes as n

BUFFER_FUNCTIONS = {"string_to_utf8", "utf8_to_string", "ansi_to_unicode", "unicode_to_ansi"}


def method(target: ast.expr, name: str, *args: ast.expr, **kw: ast.expr) -> ast.expr:
    keywords = [ast.keyword(k, v) for k, v in kw.items()]
    return ast.Call(ast.Attribute(target, name, ast.Load()), list(args), keywords)


class BuffersMixin(StmtMixin):
    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id == "length" and len(args) == 1 and self.is_buffer(args[0]):
            return Py(call("len", self.expr(args[0]).code), "int")
        if entry.id in BUFFER_FUNCTIONS:
            return self.buffer_call(node, entry, args)
        return super().mail_call(node, entry, args)

    def s_Decl(self, node: n.Decl) -> None:
        vtype = self.ann.vtypes.get(id(node.type))
        init = node.init
        if vtype is None or str(vtype.id) != "buffer" or init is None or not self.is_buffer(init):
            super().s_Decl(node)
            return
        value = self.expr(init)
        for nm in node.names:
            self.line(node, f"{py_name(nm.name)}: bytes = {value.src}")

    def is_buffer(self, node: n.Node) -> bool:
        if isinstance(node, n.Call):
            ref = self.ann.calls.get(id(node), ("",))
            return bool(ref[0] == "func" and ref[1].id in ("string_to_utf8", "f_load_buffer"))
        if isinstance(node, n.Name):
            ref = self.ref(node)
            return bool(ref[0] == "var" and str(getattr(ref[1].vtype, "id", "")) == "buffer")
        return False

    def buffer_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py:
        if len(args) != 1:  # AnsiVersUnicode's code page too
            raise Skip(node, f"{entry.name(self.lang)} with {len(args)} argument(s)")
        buffer = self.is_buffer(args[0])
        value = self.expr(args[0])
        if entry.id == "string_to_utf8":
            if buffer:
                return Py(value.code, "buffer")
            text = self.text(value)
            if isinstance(text, ast.Constant) and str(text.value).isascii():
                return Py(const(str(text.value).encode()), "buffer")  # ruff UP012: b"abc"
            return Py(method(text, "encode"), "buffer")
        if entry.id == "utf8_to_string":
            if buffer:
                decoded = method(value.code, "decode", const("utf-8-sig"), errors=const("replace"))
                return Py(decoded, "string")
            if isinstance(value.code, ast.Constant) and isinstance(value.code.value, str):
                return Py(const(utf8_to_string(None, value.code.value)), "string")
            raise Skip(node, f"{entry.name(self.lang)} of a text known only when the program runs")
        if buffer:
            if entry.id == "unicode_to_ansi":
                raise Skip(node, f"{entry.name(self.lang)} of a buffer")
            decoded = method(value.code, "decode", const("cp1252"), errors=const("replace"))
            return Py(decoded, "string")
        return Py(self.text(value), "string")
