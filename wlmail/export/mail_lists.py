"""Address lists read back: ``m.Destinataire[2]``, ``m.Destinataire..Occurrence``,
``POUR TOUT a DE m.Destinataire`` and ``m.Cc``/``m.Cci`` the same way.

Where the script reads a typed ``Email``'s address list back, the recipients live in a Python
list next to the message (``m_to: list[str] = []``, ``m_to.append(…)``), and the header is
``", ".join(m_to)`` where the message is sent or built: the program computes every value it
prints from its own list. A list never read back stays folded into the header when the
message is sent (:meth:`MessageMixin.ready`), as before. ``EmailVérifieAdresse`` is the
helper module's :data:`ADDRESS_HELPERS` (the syntax rules of ``mail/addresses.py``).
"""

from __future__ import annotations

import ast
import re
from typing import Any

from wlmail.catalog import get_catalog
from wlmail.export.base import Py, Skip, py_name
from wlmail.export.exprs import const, name
from wlmail.export.mail_common import Message, list_name
from wlmail.export.mail_message import MessageMixin
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n


class LiveListsMixin(MessageMixin):
    live_lists: dict[str, set[str]]  # folded variable name: list properties read back

    def mail_setup(self) -> None:
        super().mail_setup()
        self.live_lists = self.lists_read_back()
        self.copied_lists: set[str] = set()

    def lists_read_back(self) -> dict[str, set[str]]:
        """The typed Email variables whose address lists the script reads back (anything
        but a write: ``m.Destinataire = x``, ``m.Destinataire[i] = x``, ``Ajoute``); a copy
        (``c est un Email = m``) and its source keep theirs the same way."""
        writes: set[int] = set()
        copies: list[tuple[str, str]] = []
        body = self.program.body
        for node in walk(body):
            if isinstance(node, n.Assign):
                target = node.target
                writes.add(id(target))
                if isinstance(target, n.Index):
                    writes.add(id(target.target))
            elif isinstance(node, n.Call):
                entry = self.ann.calls.get(id(node), ("",))
                adds = entry[0] == "func" and entry[1].id == "array_add"
                if adds and node.args:
                    writes.add(id(node.args[0]))
                func = node.func
                if isinstance(func, n.Member) and func.key in ("ajoute", "add"):
                    writes.add(id(func.target))
            elif isinstance(node, n.Decl) and isinstance(node.init, n.Name):
                source = self.var_kind(node.init)
                if source is not None and source[0] == "email":
                    copies.extend((nm.key, source[1]) for nm in node.names)
        found: dict[str, set[str]] = {}
        for node in walk(body):
            prop = self.list_prop(node)
            if prop is not None and id(node) not in writes:
                assert isinstance(node, n.Member) and isinstance(node.target, n.Name)
                found.setdefault(node.target.key, set()).add(prop)
        changed = True
        while changed:  # a copy and its source: the same lists kept
            changed = False
            for a, b in copies:
                union = found.get(a, set()) | found.get(b, set())
                for key in (a, b):
                    if union - found.get(key, set()):
                        found[key] = set(union)
                        changed = True
        return found

    def list_prop(self, node: n.Node) -> str | None:
        """``m.Destinataire`` of a typed Email: its property id (``email.recipient``)."""
        if not isinstance(node, n.Member) or not isinstance(node.target, n.Name):
            return None
        kind = self.var_kind(node.target)
        if kind is None or kind[0] != "email":
            return None
        entry = self.cat.prop("email", node.name)
        prop = entry.id if entry is not None else ""
        return prop if prop in self.map["email_lists"] else None

    def list_name(self, msg: Message, prop: str) -> str:
        """``m_to``, ``m_cc``, ``m_bcc``: the Python list beside the message."""
        return list_name(msg.py, self.map["email_lists"][prop])

    # -- declared, copied, reset -------------------------------------------------------------
    def live_declare(self, node: n.Node, msg: Message, key: str) -> None:
        msg.live = set(self.live_lists.get(key, set()))
        names = {py_name(x.name) for x in walk(self.program.body) if isinstance(x, n.Name)}
        for prop in sorted(msg.live):
            if self.list_name(msg, prop) in names:
                raise Skip(node, f"a name of the script, {self.list_name(msg, prop)}, is needed")
        for prop in sorted(msg.live):
            self.out.emit(0, f"{self.list_name(msg, prop)}: list[str] = []")

    def live_copy(self, node: n.Node, source: Message, copied: Message, key: str) -> None:
        copied.live = set(self.live_lists.get(key, set()))
        if copied.live != source.live:
            raise Skip(node, "a copy of an Email whose address lists are not kept alike")
        for prop in sorted(copied.live):
            mine, theirs = self.list_name(copied, prop), self.list_name(source, prop)
            self.copied_lists.add(mine)
            self.out.emit(0, f"{mine} = {theirs}.copy()")

    def drop_unused(self, start: int) -> None:
        """A copy's list that nothing reads (it is kept because its source's is) is not
        written (ruff F841)."""
        super().drop_unused(start)
        lines = self.out.lines
        copies = re.compile(r"^\s*(\w+) = \w+\.copy\(\)$")
        for i in reversed(range(start, len(lines))):
            made = copies.match(lines[i])
            if made is None or made[1] not in self.copied_lists:
                continue
            used = re.compile(rf"(?<![\w.]){made[1]}\b")
            if not any(used.search(x) for j, x in enumerate(lines[start:], start) if j != i):
                del lines[i]

    def live_reset(self, msg: Message, old: Message | None) -> None:
        """``EmailRAZ(m)``: its lists emptied."""
        msg.live = set(old.live) if old is not None else set()
        for prop in sorted(msg.live):
            self.out.emit(0, f"{self.list_name(msg, prop)}.clear()")

    # -- written -------------------------------------------------------------------------------
    def list_put(self, node: n.Node, msg: Message, prop: str, index: int, value: n.Node) -> None:
        key = prop if "." in prop else ""
        if not key:
            entry = self.cat.prop(msg.owner, prop)
            key = entry.id if entry is not None else ""
        if key not in msg.live:
            super().list_put(node, msg, prop, index, value)
            return
        items = msg.lists.setdefault(key, {})
        text = self.expr(value)  # the list holds the value now: any expression of text
        if text.type != "string":
            raise Skip(node, "an address that is not text")
        py = self.list_name(msg, key)
        count = len(items)
        if index == count + 1:
            self.line(node, f"{py}.append({text.src})")
        elif 1 <= index <= count:
            self.line(node, f"{py}[{index - 1}] = {text.src}")
        else:
            raise Skip(node, f"an address written at [{index}], past the end of the list")
        items[index] = text

    # -- read back -----------------------------------------------------------------------------
    def message_read(self, node: n.Member, msg: Message, kind: str, entry: Any) -> Py:
        prop = entry.id if entry is not None else ""
        if prop in msg.live:  # m.Destinataire itself: POUR TOUT, [i], ..Occurrence
            self.in_home(node, msg)
            return Py(name(self.list_name(msg, prop)), "list")
        return super().message_read(node, msg, kind, entry)

    def list_read(self, node: n.Node, msg: Message, prop: str, index: int) -> Py:
        entry = self.cat.prop(msg.owner, prop)
        key = entry.id if entry is not None else ""
        if key not in msg.live:
            return super().list_read(node, msg, prop, index)
        # written only in its home block, straight on: there (and in a block nested in it)
        # the exporter knows how many addresses the list holds
        if msg.home not in self.blocks or not 1 <= index <= len(msg.lists.get(key, {})):
            raise Skip(node, f"reading {prop}[{index}] where its length is not known")
        place = ast.Subscript(name(self.list_name(msg, key)), const(index - 1), ast.Load())
        return Py(place, "string")

    def list_count(self, node: n.Node, msg: Message, prop: str) -> Py:
        entry = self.cat.prop(msg.owner, prop)
        key = entry.id if entry is not None else ""
        if key not in msg.live:
            return super().list_count(node, msg, prop)
        self.in_home(node, msg)
        return Py(ast.Call(name("len"), [name(self.list_name(msg, key))], []), "int")

    def x_Index(self, node: n.Index) -> Py:
        value: Py = super().x_Index(node)
        if self.list_prop(node.target) is not None:  # m.Destinataire[i]: an address
            value.type = "string"
        return value

    def in_home(self, node: n.Node, msg: Message) -> None:
        """The list is a local of the Python function holding the message's home block."""
        if msg.home not in self.blocks:
            raise Skip(node, "an address list read outside the block declaring the message")

    def elem_type(self, node: n.Node) -> str:
        prop = self.list_prop(node)
        if prop is not None:
            return "string"
        found: str = super().elem_type(node)
        return found

    def message_summary(self, node: n.Node, msg: Message) -> Py:
        if msg.live:
            raise Skip(node, "Info of an Email whose address lists are read back")
        return super().message_summary(node, msg)


# -- EmailVérifieAdresse ---------------------------------------------------------------------
#: mail/addresses.py's check of an addr-spec, as the helper module writes it
ADDR_SPEC = r'''
import re

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL = re.compile(rf'{_ATOM}(?:\.{_ATOM})*|"(?:[\x21\x23-\x5b\x5d-\x7e]|\\[\x21-\x7e])+"')
_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)")
_BAD_ADDRESS_CHAR = re.compile(r"[\s\x00-\x1f\x7f<>]")


def addr_spec(address: str, require_dot: bool) -> str | None:
    """``address`` (local@domain) as wlmail checks it, its domain in ASCII (IDNA); None
    when it is not one: a space or control character, a local part neither a dot-atom nor
    a quoted string, a domain label that is not a host name ("_" accepted, as servers do),
    no dot in the domain when ``require_dot`` (an IP literal such as ``[192.0.2.1]`` is
    fine), a local part over 64 or an address over 254 characters (RFC 5321)."""
    import ipaddress

    if not address or _BAD_ADDRESS_CHAR.search(address):
        return None
    local, at, domain = address.rpartition("@")
    if not at or not _LOCAL.fullmatch(local):
        return None
    if domain.startswith("[") and domain.endswith("]"):
        literal = domain[1:-1]
        try:
            if literal[:5].lower() == "ipv6:":
                ipaddress.IPv6Address(literal[5:])
            else:
                ipaddress.IPv4Address(literal)
        except ValueError:
            return None
        ascii_domain = domain
    else:
        try:
            ascii_domain = domain if domain.isascii() else domain.encode("idna").decode()
        except UnicodeError:
            return None
        labels = ascii_domain.split(".")
        if not all(_LABEL.fullmatch(label) for label in labels):
            return None
        if require_dot and (len(labels) < 2 or labels[-1].isdigit()):
            return None
    result = f"{local}@{ascii_domain}"
    return None if len(local) > 64 or len(result) > 254 else result
'''


def _address_helper(lang: str) -> str:
    cat = get_catalog()
    valid = cat.constants["email_address_valid"].value
    bad = cat.constants["email_address_incorrect_syntax"].value
    warning = cat.messages["mail_underscore_domain"]
    shown = (warning.get(lang) or warning["en"]).replace("{addr}", "{text}")
    return f'''
_UNDERSCORE_WARNED: set[str] = set()


def email_check_address(address: str) -> int:
    """WLangage's EmailVérifieAdresse: {valid} (emailAdresseValide) when ``address`` is a bare
    local@domain usable on the Internet (its domain with a dot), else {bad}
    (emailAdresseSyntaxeIncorrecte); the server is not asked. A "_" in the domain is
    accepted, as servers do, with a warning on stderr (once per address)."""
    import sys

    text = address.strip()
    if addr_spec(text, True) is None:
        return {bad}
    if "_" in text.rpartition("@")[2] and text not in _UNDERSCORE_WARNED:
        _UNDERSCORE_WARNED.add(text)
        print(f{shown!r}, file=sys.stderr)
    return {valid}
'''


ADDRESS_HELPERS = {"addr_spec": ADDR_SPEC, "email_check_address": _address_helper("en")}
ADDRESS_NEEDS = {"email_check_address": ["addr_spec"]}
LOCALIZED_ADDRESS_HELPERS = {
    "email_check_address": {lang: _address_helper(lang) for lang in ("fr", "en")}
}
