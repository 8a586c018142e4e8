"""What a WINDEV project's code calls that a single script seldom does, in ``export --python``.

``FinProgramme(n)``/``EndProgram(n)`` with a whole number from 0 to 255 written in the script is
``sys.exit(n)`` (refused with asynchronous or receive sessions, which wlmail closes first).
``POUR TOUTE CHAÎNE x DE s SÉPARÉE PAR CONSTANTE``: a constant of the program (or ``RC``,
``TAB``) whose value is a non-empty text is a separator as good as the literal.
"""

from __future__ import annotations

from typing import Any

from wlmail.export.base import Py, Skip
from wlmail.export.collections import CollectionsMixin
from wlmail.export.exprs import CONSTANTS
from wlmail.export.files import FilesMixin
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n

PROJECT_HELPERS: dict[str, str] = {
    "import_html": '''
from email.message import EmailMessage, MIMEPart


def import_html(message: EmailMessage, html: str, folder: str, failure: str) -> None:
    """EmailImporteHTML/EmailImportHTML: ``html`` becomes the HTML body of ``message`` (an
    alternative to its text body, if any), each local image named by a src= or background=
    attribute an inline part read from ``folder`` and referenced as cid:N.name. An image that
    cannot be read raises OSError (``failure`` says which) and leaves the message alone."""
    import mimetypes
    import os
    import re

    pattern = r"""(?P<attr>\\b(?:src|background)\\s*=\\s*)(?P<q>["']?)(?P<url>[^"'\\s>]+)(?P=q)"""
    remote = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
    parts: dict[str, tuple[str, str, bytes]] = {}  # url: content id, file name, bytes
    for found in re.finditer(pattern, html, re.I):
        url = found.group("url")
        local = not remote.match(url) or re.match(r"^[a-z]:[\\\\/]", url, re.I)
        if url in parts or not local:
            continue
        path = os.path.join(os_path(folder) if folder else os.getcwd(), os_path(url))
        try:
            with open(path, "rb") as file:
                content = file.read()
        except OSError as err:
            raise OSError(failure.format(path=url, reason=err.strerror or str(err))) from err
        name = re.split(r"[\\\\/]", path.rstrip("\\\\/"))[-1]
        cid = f"{len(parts) + 1}.{re.sub(r'[^A-Za-z0-9._-]', '_', name)}"
        parts[url] = (cid, name, content)

    def to_cid(found: re.Match[str]) -> str:
        part = parts.get(found.group("url"))
        if part is None:
            return found.group(0)
        return f"{found.group('attr')}{found.group('q')}cid:{part[0]}{found.group('q')}"

    html = re.sub(pattern, to_cid, html, flags=re.I)
    body: MIMEPart = message
    if message.get_content_type() == "text/plain":
        message.add_alternative(html, subtype="html")
        body = list(message.iter_parts())[-1]
    else:
        message.set_content(html, subtype="html")
    types = mimetypes.MimeTypes()  # Python's own table, as wlmail guesses
    for cid, name, content in parts.values():
        ctype = types.guess_type(name, strict=False)[0] or "application/octet-stream"
        maintype, subtype = ctype.split("/")
        body.add_related(
            content, maintype, subtype, cid=f"<{cid}>", disposition="inline", filename=name
        )
''',
}
PROJECT_NEEDS: dict[str, list[str]] = {
    "import_html": ["os_path"],
}


class ProjectCallsMixin(FilesMixin, CollectionsMixin):
    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        return super().mail_call(node, entry, args)

    def mail_statement(self, node: n.Node, expr: n.Call, entry: Any) -> bool:
        if entry.id == "end_program" and len(expr.args) <= 1:
            if getattr(self, "asynchronous_main", False) or getattr(self, "boxes", None):
                # wlmail waits for the queued sends and logs out (POP3 deletions are made
                # at QUIT): sys.exit would drop them
                raise Skip(node, f"{entry.name(self.lang)} with asynchronous or receive sessions")
            status = expr.args[0] if expr.args else None
            if status is None:
                self.need("import sys")
                self.line(node, "sys.exit(0)")
                return True
            if not isinstance(status, n.Num) or not isinstance(status.value, int):
                raise Skip(node, f"{entry.name(self.lang)} with a code not written as a number")
            if not 0 <= status.value <= 255:
                raise Skip(node, f"{entry.name(self.lang)} with a code out of 0..255")
            self.need("import sys")
            self.line(node, f"sys.exit({status.value})")
            return True
        return super().mail_statement(node, expr, entry)

    def for_each_piece(self, node: n.ForEach) -> None:
        sep = node.separator
        if isinstance(sep, n.Name) and len(node.vars) <= 2:
            value = self.const_text(sep)
            if value:
                node.separator = n.Str(
                    sep.line, sep.col, value
                )  # split on the value, read from the constant
                try:
                    super().for_each_piece(node)
                finally:
                    node.separator = sep
                return
        super().for_each_piece(node)

    def const_text(self, sep: n.Name) -> str | None:
        """The text a program constant (``CONSTANTE … FIN``) named ``sep`` holds, if any; or
        a catalog constant's (``RC``)."""
        ref = self.ref(sep)
        if ref[0] == "const" and isinstance(CONSTANTS.get(ref[1].id), str):
            return str(CONSTANTS[ref[1].id])
        for block in walk([self.program.body, self.program.procs]):
            if isinstance(block, n.ConstBlock):
                for d in block.defs:
                    if d.name.key == sep.key and isinstance(d.value, n.Str):
                        return str(d.value.value)
        return None
