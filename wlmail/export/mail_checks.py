"""``EmailConstruitSource(m)`` / ``m.ConstruitSource()`` used as a value: wlmail's checks run
in the program.

wlmail refuses to build a message without sender or recipient, with an invalid address, or
with a line break or control character in a header (``mail/mime.py``: ``_check``,
``forbidden_char``), and says why in ``ErreurInfo``. Where the script uses the result of a
build as a value (``Info(EmailConstruitSource(m), ErreurDétectée)``), the message is "checked":

* its address lists are kept in Python lists beside it (``m_to``, ``m_cc``, ``m_bcc``, as
  :mod:`.mail_lists` keeps those read back), and its header properties (Expéditeur, RépondreA,
  Sujet) in a dict ``m_headers``: a value the check will refuse (``"a\\r\\nb"``) is never given
  to the ``EmailMessage``, which would raise on it;
* the build is ``m_built = email_build_check(m_headers, m_to, m_cc, m_bcc)``, a helper with
  wlmail's rules and messages (the script's language) that records its failure as the file
  helpers do (``error_occurred()`` is ErreurDétectée, ``error_message()`` ErreurInfo); only
  when it passes are the headers written into the message, with Date and Message-ID.

Everything else about a checked message (a send, a copy, its source read back, attachments,
EmailRAZ, another build that is not a value) is reported.
"""

from __future__ import annotations

import ast
from typing import Any

from wlmail.catalog import get_catalog
from wlmail.export.base import Py, Skip, py_name
from wlmail.export.exprs import name
from wlmail.export.files import FilesMixin
from wlmail.export.mail import MailMixin
from wlmail.export.mail_common import Message, list_name
from wlmail.export.mail_headers import FORBIDDEN_SOURCE
from wlmail.export.mail_session import legacy_key
from wlmail.export.mail_shapes import literal
from wlmail.export.stmts import walk
from wlmail.syntax import nodes as n

LISTS = ("email.recipient", "email.cc", "email.bcc")
HEADERS = ("email.sender", "email.reply_to", "email.subject")  # wlmail's order of checks
BCC_HEADER = 32  # emailOptionEntêteCci


class CheckedBuildMixin(FilesMixin, MailMixin):
    build_values: dict[int, str]  # id of a build used as a value: the message's folded name
    checked: set[str]  # the messages so built (folded names)

    def mail_setup(self) -> None:
        super().mail_setup()
        self.build_values = {}
        nodes = list(walk([self.program.body, self.program.procs]))
        values = {v for stmt in nodes for v in self.value_calls(stmt)}
        for node in nodes:
            if isinstance(node, n.Call) and id(node) in values and self.is_build(node):
                key = self.built_key(node)
                if key is not None:
                    self.build_values[id(node)] = key
        self.checked = set(self.build_values.values())
        for key in self.checked:
            self.live_lists[key] = set(LISTS)
        self.built_before: set[str] = set()

    def value_calls(self, stmt: Any) -> set[int]:
        """The calls whose value a statement uses first thing: an argument of the statement's
        own call (``Info(EmailConstruitSource(m), …)``) that no call runs before, or the value
        assigned: the check written just before the statement runs when wlmail's would."""
        if isinstance(stmt, n.ExprStmt) and isinstance(stmt.expr, n.Call):
            found = set()
            for arg in stmt.expr.args:  # up to the first that calls something: run after
                found.add(id(arg))
                if any(isinstance(x, n.Call) for x in walk(arg)):
                    break
            return found
        if isinstance(stmt, n.Assign) and isinstance(stmt.target, n.Name):
            return {id(stmt.value)}
        if isinstance(stmt, n.Decl) and stmt.init is not None and len(stmt.names) == 1:
            return {id(stmt.init)}
        return set()

    def is_build(self, node: n.Call) -> bool:
        found = self.mail_function(node)
        return found is not None and found[0].id == "email_build_source"

    def built_key(self, node: n.Call) -> str | None:
        found = self.mail_function(node)
        assert found is not None
        args = list(found[1].args)
        if args and type(literal(self, args[-1])) is int and self.var_kind(args[-1]) is None:
            args.pop()
        kind = self.var_kind(args[0]) if len(args) == 1 else None
        return kind[1] if kind is not None and kind[0] == "email" else None

    # -- ErreurDétectée / ErreurInfo: the helper records the check's failure ---------------------
    def records_its_failure(self, node: n.Call) -> bool:
        return id(node) in self.build_values or super().records_its_failure(node)

    # -- the message: lists and headers beside it ------------------------------------------------
    def live_declare(self, node: n.Node, msg: Message, key: str) -> None:
        super().live_declare(node, msg, key)
        if key not in self.checked:
            return
        names = {py_name(x.name) for x in walk(self.program.body) if isinstance(x, n.Name)}
        for extra in (f"{msg.py}_headers", f"{msg.py}_built"):
            if extra in names:
                raise Skip(node, f"a name of the script, {extra}, is needed")
        self.out.emit(0, f"{msg.py}_headers: dict[str, str] = {{}}")

    def is_checked(self, msg: Message) -> bool:
        return any(self.messages.get(k) is msg for k in self.checked)

    def message_prop(self, node: n.Node, msg: Message, prop: str, value: n.Node) -> None:
        header = self.map["email_headers"].get(prop)
        if not self.is_checked(msg) or header is None:  # lists, bodies, priority: as before
            super().message_prop(node, msg, prop, value)
            return
        self.static(node, "a header set", msg.home)
        text = self.expr(value)  # kept in the dict now: any expression of text
        if text.type != "string":
            raise Skip(node, f"the {header} header from a value that is not text")
        self.line(node, f"{msg.py}_headers[{header!r}] = {text.src}".replace("'", '"'))
        msg.headers.add(header)

    def message_read(self, node: n.Member, msg: Message, kind: str, entry: Any) -> Py:
        prop = entry.id if entry is not None else ""
        if not self.is_checked(msg) or prop in msg.live:
            return super().message_read(node, msg, kind, entry)
        header = self.map["email_headers"].get(prop)
        if header is None:
            raise Skip(node, f"reading the property {node.name} of a message built")
        self.in_home(node, msg)
        code = f'{msg.py}_headers.get("{header}", "")'
        return Py(ast.parse(code, mode="eval").body, "string")

    def ready(self, node: n.Node, msg: Message) -> None:
        if self.is_checked(msg):
            raise Skip(node, "a message built as a value, then sent")
        super().ready(node, msg)

    def changed(self, node: n.Node, msg: Message, what: str) -> None:
        # kept in the lists, the dict, or the message itself (its body, X-Priority)
        kept = {"an address set", "an address added", "a header set", "a message body set"}
        kept.add("a priority set")
        if self.is_checked(msg) and what not in kept:
            raise Skip(node, f"{what} (a message built as a value)")
        super().changed(node, msg, what)

    def copy_message(self, node: n.Decl, kind: str) -> None:
        found = self.var_kind(node.init) if node.init is not None else None
        if (found and found[1] in self.checked) or node.names[0].key in self.checked:
            raise Skip(node, "a copy of a message built as a value")
        super().copy_message(node, kind)

    def live_reset(self, msg: Message, old: Message | None) -> None:
        if old is not None and self.is_checked(old):
            raise Skip(n.Node(0, 0), "EmailRAZ of a message built as a value")
        super().live_reset(msg, old)

    # -- the build ---------------------------------------------------------------------------------
    def x_Call(self, node: n.Call) -> Py:
        key = self.build_values.get(id(node))
        if key is None:
            return super().x_Call(node)
        found = self.mail_function(node)
        assert found is not None
        args = list(found[1].args)
        options = literal(self, args[-1]) if len(args) == 2 else 0
        if type(options) is not int or options not in (0, BCC_HEADER):
            raise Skip(node, "EmailConstruitSource with an option other than emailOptionEntêteCci")
        msg = self.message(key, node)
        self.static(node, "EmailConstruitSource", msg.home)
        if msg.attachments or msg.lists.get("email.attach"):
            raise Skip(node, "EmailConstruitSource (as a value) of a message with attachments")
        py = msg.py
        lists = [list_name(py, self.map["email_lists"][p]) for p in LISTS]
        built = f"{py}_built"
        check = self.helper("email_build_check", name(f"{py}_headers"), *map(name, lists))
        self.line(node, f"{built} = {ast.unparse(check)}")
        self.out.emit(0, f"if {built}:")
        again = py in self.built_before  # a build before may have written the headers
        self.built_before.add(py)
        for header in [self.map["email_headers"][p] for p in HEADERS]:
            if header in msg.headers:
                self.set_header(py, header, f'{py}_headers["{header}"]', again)
        for prop, kept in zip(LISTS, lists, strict=True):
            header = self.map["email_lists"][prop]
            if header != "Bcc" or options == BCC_HEADER:
                if again:
                    self.out.emit(0, f'    del {py}["{header}"]')
                self.out.emit(0, f"    if {kept}:")
                self.out.emit(0, f'        {py}["{header}"] = ", ".join({kept})')
        self.need("from email.utils import formatdate, make_msgid")
        self.set_header(py, "Date", "formatdate(localtime=True)", again)
        self.set_header(py, "Message-ID", "make_msgid()", again)
        return Py(name(built), "bool")

    def set_header(self, py: str, header: str, value: str, again: bool) -> None:
        if again:
            self.out.emit(0, f'    del {py}["{header}"]')
        self.out.emit(0, f'    {py}["{header}"] = {value}')

    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id == "email_build_source" and id(node) in self.build_values:
            assert isinstance(node, n.Call)
            return self.x_Call(node)
        legacy = entry.id == "email_send_message" and args and self.var_kind(args[0]) is None
        key = legacy_key(args[0]) if legacy else None
        if key is not None and key not in self.sessions:
            what = f"{entry.name(self.lang)} used as a value, to a user no EmailOuvreSessionSMTP"
            raise Skip(node, f"{what} opened before (the program has no session to look up)")
        if entry.id == "email_status":
            what = f"{entry.name(self.lang)} used as a value"
            raise Skip(node, f"{what} (the program keeps no state of its sends to look up)")
        return super().mail_call(node, entry, args)


# -- the helper ---------------------------------------------------------------------------------
def _build_helper(lang: str) -> str:
    cat = get_catalog()

    def prop(key: str) -> str:
        return cat.properties[key].name(lang)

    def message(key: str, **renamed: str) -> str:
        """wlmail's message ``key`` as a Python literal: an f-string of the helper's names."""
        texts = cat.messages[key]
        text = str(texts.get(lang) or texts["en"])
        for old, new in renamed.items():
            text = text.replace("{" + old + "}", "{" + new + "}")
        return ("f" if "{" in text else "") + repr(text)

    sender, reply_to, subject = (prop(p) for p in HEADERS)
    to, cc, bcc = (prop(p) for p in LISTS)
    warning = message("mail_underscore_domain", addr="address")
    return f'''_UNDERSCORE_WARNED: set[str] = set()

_FORBIDDEN = re.compile({FORBIDDEN_SOURCE})
_ANGLE = re.compile(r"(?P<name>.*?)\\s*<(?P<addr>[^<>]*)>\\s*", re.DOTALL)


def _mailbox_address(value: str) -> str | None:
    """The address of "Name <local@domain>" or of a bare address, as wlmail reads it (a
    domain without a dot is accepted, for internal relays); None when it is invalid."""
    text = value.strip()
    angle = _ANGLE.fullmatch(text)
    return addr_spec(angle["addr"].strip() if angle else text, False)


def email_build_check(
    headers: dict[str, str], to: list[str], cc: list[str], bcc: list[str]
) -> bool:
    """What WLangage's EmailConstruitSource checks before it builds a message, in wlmail's
    order and words: no line break or control character in a header or an address, a
    sender, valid addresses, a recipient. Returns False and records why (error_occurred(),
    error_message()) when the message cannot be built; True (nothing recorded) when it can,
    after a warning on stderr for a "_" in a domain (once per address)."""
    import sys

    _clear()
    lists = [({to!r}, to), ({cc!r}, cc), ({bcc!r}, bcc)]
    fields = [
        ({sender!r}, headers.get("From", "")),
        ({reply_to!r}, headers.get("Reply-To", "")),
        ({subject!r}, headers.get("Subject", "")),
    ]
    fields += [(f"{{key}}[{{i}}]", item) for key, items in lists for i, item in enumerate(items, 1)]
    for field, value in fields:
        found = _FORBIDDEN.search(value)
        if found:
            char = f"U+{{ord(found.group()):04X}}"
            _fail({message("mail_injection")})
            return False
    if not fields[0][1].strip():
        _fail({message("mail_no_sender")})
        return False
    boxes = [fields[0]]
    boxes += [(f"{{key}}[{{i}}]", x) for key, items in lists for i, x in enumerate(items, 1)]
    addresses = []
    for field, value in boxes:
        if not value.strip():
            continue
        address = _mailbox_address(value)
        if address is None:
            detail = f"invalid address {{value!r}}"
            _fail({message("mail_bad_address")})
            return False
        addresses.append(address)
    if len(addresses) == 1:
        _fail({message("mail_no_recipient")})
        return False
    reply = fields[1][1]
    if reply.strip() and _mailbox_address(reply) is None:
        detail = f"invalid address {{reply!r}}"
        field = fields[1][0]
        _fail({message("mail_bad_address")})
        return False
    seen: set[str] = set()
    for address in addresses:
        if address.lower() in seen:  # the recipients once each (the sender is not one)
            continue
        if address is not addresses[0]:
            seen.add(address.lower())
        if "_" in address.rpartition("@")[2] and address not in _UNDERSCORE_WARNED:
            _UNDERSCORE_WARNED.add(address)
            print({warning}, file=sys.stderr)
    return True
'''


BUILD_HELPERS = {"email_build_check": _build_helper("en")}
LOCALIZED_BUILD_HELPERS = {
    "email_build_check": {lang: _build_helper(lang) for lang in ("fr", "en")}
}
BUILD_NEEDS = {"email_build_check": ["addr_spec", "error_occurred"]}
