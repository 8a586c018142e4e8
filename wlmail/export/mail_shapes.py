"""The shapes of mail code the exporter recognises: a condition on a mail call, an attachment
field, an address list item; and the content type of an attachment without one."""

from __future__ import annotations

import ast
import mimetypes
from typing import Any

from wlmail.export.exprs import const, name
from wlmail.syntax import nodes as n


def mail_condition(cond: n.Node) -> tuple[n.Call, bool] | None:
    """(the call, whether the condition holds when it succeeds)."""
    if isinstance(cond, n.Call):
        return cond, True
    if isinstance(cond, n.Not) and isinstance(cond.operand, n.Call):
        return cond.operand, False
    if isinstance(cond, n.Compare) and isinstance(cond.left, n.Call) and cond.op in ("EQ", "NE"):
        right = cond.right
        if isinstance(right, n.Name) and right.key in ("faux", "false", "vrai", "true"):
            truth = right.key in ("vrai", "true")
            return cond.left, truth == (cond.op == "EQ")
    return None


def attachment_field(target: n.Node) -> tuple[n.Node, int, str] | None:
    """``M.Attache[i].Nom``: (M, i, Nom)."""
    if not isinstance(target, n.Member) or not isinstance(target.target, n.Index):
        return None
    index = target.target
    inner = index.target
    if not isinstance(inner, n.Member) or len(index.args) != 1:
        return None
    arg = index.args[0].a
    if not isinstance(arg, n.Num) or not isinstance(arg.value, int):
        return None
    return inner.target, arg.value, target.name


def list_item(target: n.Node) -> tuple[n.Node, str, int] | None:
    """``Email.Destinataire[i]``: (Email, Destinataire, i)."""
    if not isinstance(target, n.Index) or not isinstance(target.target, n.Member):
        return None
    if len(target.args) != 1:
        return None
    arg = target.args[0].a
    if not isinstance(arg, n.Num) or not isinstance(arg.value, int):
        return None
    return target.target.target, target.target.name, arg.value


def guess_type(filename: str) -> str:
    """The content type wlmail gives an attachment without one (Python's built-in table)."""
    return mimetypes.MimeTypes().guess_type(filename, strict=False)[0] or "application/octet-stream"


def parse_sub(py: str, header: str) -> ast.expr:
    return ast.Subscript(name(py), const(header), ast.Load())


def literal(exporter: Any, node: n.Node) -> bool | int | str | None:
    """The value of a literal or of a catalog constant (``Vrai``, ``emailOptionSécuriséTLS``,
    ``"2"``, ``12``), or of a sum of them; None for anything else."""
    if isinstance(node, n.Num) and isinstance(node.value, int):
        return node.value
    if isinstance(node, n.Str):
        return node.value
    if isinstance(node, n.Name):
        ref = exporter.ref(node)
        if ref[0] == "const" and isinstance(ref[1].value, bool | int | str):
            return ref[1].value
        return None
    if isinstance(node, n.BinOp) and node.op == "PLUS":
        left, right = literal(exporter, node.left), literal(exporter, node.right)
        if type(left) is int and type(right) is int:
            return left + right
    return None


def option_value(exporter: Any, node: n.Node) -> int | None:
    """An ``Option`` the runtime accepts: emailOptionDéfaut (0), emailProtocoleSMTPS (1),
    emailOptionSécuriséTLS (2), optionSSL (4), their combination, or one of them as text."""
    found = literal(exporter, node)
    if isinstance(found, str) and found.strip().isdigit():
        found = int(found)
    if type(found) is not int or not 0 <= found <= 7:
        return None
    return found


def tls_mode(option: int, port: int) -> str:
    """Decision 10 (as ``builtins/mail.py`` reads it): optionSSL means implicit TLS; either
    encrypted flag implicit TLS on 465 and STARTTLS elsewhere; otherwise plain SMTP."""
    if option & 4:
        return "implicit"
    if option & 3:
        return "implicit" if port == 465 else "starttls"
    return "plain"
