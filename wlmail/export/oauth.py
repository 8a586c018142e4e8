"""OAuth 2.0 as a Python program writes it: authlib's ``OAuth2Session`` with PKCE, SMTP XOAUTH2.

* ``p est un OAuth2Paramètres`` is a small dataclass (``OAuth2Parameters``) whose fields the
  script's property sets fill; ``TypeRéponse = oauth2TypeRéponseCode`` says what the flow does
  anyway (any other response type is refused, as ``wlmail run`` refuses it).
* ``X = AuthIdentifie(p)`` followed by ``SI X = Null ALORS … RETOUR FIN`` (or ``<> Null``) is
  one ``try: X = authorize(p) / except (OSError, OAuthError) as err:`` — the ``Faux`` +
  ``ErreurInfo`` convention of the mail export. ``AuthRenouvelleToken(X)`` is
  ``refresh(p, X)`` the same way (the parameters are those ``X`` came from). ``authorize``,
  the loopback listener and ``refresh`` are functions of the program itself
  (:mod:`wlmail.export.oauth_flow`), not of the WLangage helper module.
* A token is authlib's ``OAuth2Token`` (a dict): ``Valeur`` is ``token["access_token"]``…
* A session holding a token logs in with ``smtp.auth("XOAUTH2", xoauth2(user, token))``
  (decision 12: the token wins over ``MotDePasse``).

The shapes it does not know (a token used as a value, a failure branch that goes on without
a token, the device flow, ``Sérialise``…) are reported, never guessed.
"""

from __future__ import annotations

import ast
import itertools
from dataclasses import dataclass
from typing import Any

from wlmail.export.base import Py, Skip, parse_expr, py_name
from wlmail.export.exprs import name
from wlmail.export.mail import MailMixin, Session
from wlmail.export.oauth_flow import program_functions
from wlmail.syntax import nodes as n

OAUTH_ERRORS = "(OSError, OAuthError)"
#: OAuth2Paramètres property id -> dataclass field
PARAM_FIELDS = {
    "client_id": "client_id",
    "client_secret": "client_secret",
    "auth_url": "auth_url",
    "token_url": "token_url",
    "scope": "scope",
    "redirection_url": "redirect_url",
    "additional_parameters": "additional_parameters",
}
#: AuthToken property id -> (Python expression on the token ``{0}``, type)
TOKEN_PROPS = {
    "value": ('{0}["access_token"]', "string"),
    "refresh": ('{0}.get("refresh_token", "")', "string"),
    "token_type": ('{0}.get("token_type", "")', "string"),
    "scope": ('{0}.get("scope", "")', "string"),
    "valid": ("True", "bool"),
}
AUTH_CALLS = ("auth_identify", "auth_refresh_token")
TOKEN_TYPE = "from authlib.oauth2.rfc6749 import OAuth2Token"
FORMATS = ("psd_binary", "psd_json", "psd_xml")


@dataclass(slots=True)
class Params:
    py: str
    home: int


@dataclass(slots=True)
class Token:
    py: str
    ready: bool = False  # assigned by a successful login (or read back) before it is read
    loaded: bool = False  # read back from a file: it may have expired


class OAuthMixin(MailMixin):
    oauth_params: dict[str, Params]
    tokens: dict[str, Token]
    folded: set[int]  # the SI … Null that an AuthIdentifie assignment wrote
    pairs: dict[int, tuple[n.If, bool]]  # assignment -> (its test, "= Null")
    last_tests: set[int]  # the last statements of the main code and of procedures
    functions: set[str]
    buffers: dict[str, bool]  # Buffer variables: whether one holds a serialized token
    session_tokens: dict[str, Token]

    def mail_setup(self) -> None:
        super().mail_setup()
        self.oauth_params, self.tokens, self.folded, self.functions = {}, {}, set(), set()
        self.buffers, self.session_tokens = {}, {}
        self.pairs = self.tested_logins()

    # -- what a node designates --------------------------------------------------------------
    def oauth_kind(self, node: n.Node) -> str:
        if not isinstance(node, n.Name):
            return ""
        ref = self.ref(node)
        if ref[0] == "var" and str(ref[1].vtype.id) in ("oauth2_parameters", "auth_token"):
            return str(ref[1].vtype.id)
        return ""

    def auth_call(self, node: n.Node | None) -> tuple[str, n.Call] | None:
        """(catalog id, call) of ``AuthIdentifie(p)``, ``AuthRenouvelleToken(t)`` or
        ``t.RenouvelleToken()``."""
        if not isinstance(node, n.Call):
            return None
        kind = self.ann.calls.get(id(node), ("",))
        if kind[0] == "func" and kind[1].id in AUTH_CALLS:
            return str(kind[1].id), node
        func = node.func
        method = kind[0] == "method" and isinstance(func, n.Member)
        if method and isinstance(func, n.Member) and self.oauth_kind(func.target) == "auth_token":
            for entry in self.cat.method_names.get(func.key, []):
                if entry.id == "auth_refresh_token":
                    return entry.id, n.Call(node.line, node.col, func.target, [func.target])
        return None

    def tested_logins(self) -> dict[int, tuple[n.If, bool]]:
        """Every ``X = AuthIdentifie(…)`` directly followed by ``SI X = Null`` / ``<> Null``."""
        found: dict[int, tuple[n.If, bool]] = {}
        self.last_tests = {
            id(body[-1])
            for body in [self.program.body, *(p.body for p in self.program.procs)]
            if body
        }
        for stmts in statement_lists(self.program.body):
            for first, second in itertools.pairwise(stmts):
                target = assigned_place(first)
                if target is None or not isinstance(second, n.If) or len(second.arms) != 1:
                    continue
                cond = second.arms[0][0]
                if (
                    isinstance(cond, n.Compare)
                    and cond.op in ("EQ", "NE")
                    and isinstance(cond.right, n.Name)
                    and cond.right.key == "null"
                    and same_place(cond.left, target)
                ):
                    found[id(first)] = (second, cond.op == "EQ")
        return found

    # -- declarations ------------------------------------------------------------------------
    def mail_decl(self, node: n.Decl, vtype: Any) -> bool:
        kind = str(vtype.id)
        if kind == "oauth2_parameters":
            if node.init is not None:
                raise Skip(node, "an OAuth2Paramètres with an initial value")
            self.functions.add("OAuth2Parameters")
            for nm in node.names:
                pyname = py_name(nm.name)
                self.oauth_params[nm.key] = Params(pyname, self.here)
                self.line(node, f"{pyname} = OAuth2Parameters()")
            return True
        if kind == "auth_token":
            if len(node.names) != 1:
                raise Skip(node, "several AuthToken variables in one declaration")
            nm = node.names[0]
            token = self.tokens[nm.key] = Token(py_name(nm.name))
            if node.init is not None:
                self.login(node, node.init, token.py, token)
            else:
                self.need(TOKEN_TYPE)
                self.line(node, f"{token.py}: OAuth2Token")
            return True
        if kind == "buffer" and node.init is None:
            for nm in node.names:
                self.buffers[nm.key] = False
                self.line(node, f"{py_name(nm.name)}: bytes = b''".replace("'", '"'))
            return True
        return super().mail_decl(node, vtype)

    # -- assignments -------------------------------------------------------------------------
    def s_Assign(self, node: n.Assign) -> None:
        if not self.oauth_assign(node):
            super().s_Assign(node)

    def oauth_assign(self, node: n.Assign) -> bool:
        target = node.target
        if isinstance(target, n.Name) and self.oauth_kind(target) == "auth_token":
            token = self.tokens[target.key]
            self.login(node, node.value, token.py, token)
            return True
        if not isinstance(target, n.Member):
            return False
        kind = self.oauth_kind(target.target)
        if kind == "oauth2_parameters":
            self.param_set(node, target, node.value)
            return True
        if kind == "auth_token":
            raise Skip(node, f"setting the token property {target.name}")
        found = self.var_kind(target.target)
        entry = self.cat.prop(found[0], target.name) if found else None
        if found is None or entry is None or entry.id != "email_smtp_session.auth_token":
            return False
        session = self.sessions[found[1]]
        self.static(node, "a session property set", session.home)
        if self.auth_call(node.value) is not None:
            pyname = f"{session.py}_token"
            session.props["token"] = Py(name(pyname), "auth_token")
            self.login(node, node.value, pyname, Token(pyname))
            return True
        token = self.token_of(node.value)
        session.props["token"] = Py(name(token.py), "auth_token")
        self.session_tokens[session.py] = token
        return True

    def token_of(self, node: n.Node) -> Token:
        if self.oauth_kind(node) != "auth_token" or not isinstance(node, n.Name):
            raise Skip(node, "a token that is not an AuthToken variable")
        token = self.tokens[node.key]
        if not token.ready:
            raise Skip(node, "an AuthToken read where no successful login assigned it")
        return token

    def param_set(self, node: n.Node, target: n.Member, value: n.Node) -> None:
        params = self.oauth_params[target.target.key if isinstance(target.target, n.Name) else ""]
        entry = self.cat.prop("oauth2_parameters", target.name)
        prop = entry.id.rpartition(".")[2] if entry is not None else ""
        if prop == "response_type":
            ref = self.ref(value) if isinstance(value, n.Name) else ("",)
            if ref[0] != "const" or ref[1].id != "oauth2_response_type_code":
                raise Skip(node, "a TypeRéponse other than oauth2TypeRéponseCode")
            return  # the only flow there is: authorization code with PKCE
        field = PARAM_FIELDS.get(prop)
        if field is None:
            raise Skip(node, f"the OAuth2Paramètres property {target.name}")
        self.static(node, "an OAuth2Paramètres property set", params.home)
        if field == "additional_parameters":
            self.functions.add(field)  # the dataclass gets the field
        text = self.expr(value)
        if text.type != "string":
            raise Skip(node, f"{target.name} from a value that is not text")
        self.line(node, f"{params.py}.{field} = {text.src}")

    # -- AuthIdentifie / AuthRenouvelleToken and their test -------------------------------------
    def login(self, node: n.Node, value: n.Node, target: str, token: Token) -> None:
        """``target = authorize(p)`` in a ``try`` whose ``except`` is the script's ``= Null``
        branch and whose ``else`` the rest. The failure branch must end with RETOUR, or the
        test be the last statement of the main code or of its procedure: after it, the token
        is always a valid one."""
        found = self.auth_call(value)
        if found is None:
            raise Skip(value, "an AuthToken set from something other than AuthIdentifie")
        pair = self.pairs.get(id(node))
        if pair is None:
            raise Skip(node, "an AuthIdentifie result not tested against Null on the next line")
        test, is_null = pair
        body, other = test.arms[0][1], test.other or []
        failed, ok = (body, other) if is_null else (other, body)
        last = failed[-1] if failed else None
        returns = isinstance(last, n.Return) and last.value is None
        if not returns and id(test) not in self.last_tests:
            raise Skip(test, "an OAuth failure branch that does not end with RETOUR")
        fid, expr = found
        code = self.auth_code(node, fid, expr)
        self.out.emit(node.line, "try:")
        with self.out.block():
            self.out.emit(0, f"{target} = {code}")
        self.except_branch(OAUTH_ERRORS, failed, test.line)
        token.ready = True
        if ok:  # what runs after a successful login: the same block, as straight-line code
            self.out.emit(0, "else:")
            with self.out.block():
                for stmt in ok:
                    self.stmt(stmt)
        self.folded.add(id(test))

    def auth_code(self, node: n.Node, fid: str, expr: n.Call) -> str:
        arg = expr.args[0] if len(expr.args) == 1 else None
        if fid == "auth_identify":
            if not isinstance(arg, n.Name) or self.oauth_kind(arg) != "oauth2_parameters":
                raise Skip(node, "AuthIdentifie of something other than an OAuth2Paramètres")
            params = self.oauth_params[arg.key]
            self.functions.add("authorize")
            return f"authorize({params.py})"
        if arg is None:
            raise Skip(node, "AuthRenouvelleToken without its token")
        self.functions.add("refresh")
        return f"refresh({self.token_of(arg).py})"

    # -- Sérialise / Désérialise of a token: JSON, saved readable by its owner only ------------
    def mail_statement(self, node: n.Node, expr: n.Call, entry: Any) -> bool:
        args = expr.args
        if entry.id in ("serialize", "deserialize"):
            if len(args) != 3 or self.oauth_kind(args[0]) != "auth_token":
                raise Skip(node, f"{entry.name(self.lang)} of something other than an AuthToken")
            fmt = self.ref(args[2]) if isinstance(args[2], n.Name) else ("",)
            if fmt[0] != "const" or fmt[1].id not in FORMATS:
                raise Skip(node, f"{entry.name(self.lang)} in a format that is not a constant")
            self.need("import json")
            if entry.id == "serialize":
                self.serialize(node, args[0], args[1])
            else:
                self.deserialize(node, args[0], args[1])
            return True
        buffer = args[1] if len(args) == 2 else None
        if entry.id == "f_save_buffer" and isinstance(buffer, n.Name) and self.secret(buffer):
            self.need("import contextlib")
            self.functions.add("write_private")
            path = self.expr(args[0])
            self.line(node, "with contextlib.suppress(OSError):")
            self.out.emit(0, f"    write_private({path.src}, {py_name(buffer.name)})")
            return True
        return super().mail_statement(node, expr, entry)

    def secret(self, node: n.Name) -> bool:
        return self.buffers.get(node.key, False)

    def serialize(self, node: n.Node, token_node: n.Node, target: n.Node) -> None:
        token = self.token_of(token_node)
        if not isinstance(target, n.Name) or target.key not in self.buffers:
            raise Skip(node, "Sérialise into something other than a Buffer variable")
        self.buffers[target.key] = True
        self.line(node, f"{py_name(target.name)} = json.dumps({token.py}).encode()")

    def deserialize(self, node: n.Node, token_node: n.Node, source: n.Node) -> None:
        assert isinstance(token_node, n.Name)
        token = self.tokens[token_node.key]
        kind = self.ann.calls.get(id(source), ("",))
        if not isinstance(source, n.Call) or len(source.args) != 1:
            raise Skip(node, "Désérialise of something other than fChargeBuffer(file)")
        if kind[0] != "func" or kind[1].id != "f_load_buffer":
            raise Skip(node, "Désérialise of something other than fChargeBuffer(file)")
        self.need("from pathlib import Path")
        self.need(TOKEN_TYPE)
        path = self.expr(source.args[0])
        self.line(node, f"{token.py} = OAuth2Token(json.loads(Path({path.src}).read_bytes()))")
        token.ready = token.loaded = True

    def mail_if(self, node: n.If) -> bool:
        if id(node) in self.folded:
            return True
        return super().mail_if(node)

    # -- reads -------------------------------------------------------------------------------
    def x_Member(self, node: n.Member) -> Py:
        kind = self.oauth_kind(node.target)
        if kind == "oauth2_parameters" and isinstance(node.target, n.Name):
            entry = self.cat.prop(kind, node.name)
            field = PARAM_FIELDS.get(entry.id.rpartition(".")[2]) if entry else None
            if field is None:
                raise Skip(node, f"reading the OAuth2Paramètres property {node.name}")
            params = self.oauth_params[node.target.key]
            if field == "additional_parameters":
                self.functions.add(field)
            return Py(ast.Attribute(name(params.py), field, ast.Load()), "string")
        if kind == "auth_token":
            token = self.token_of(node.target)
            entry = self.cat.prop(kind, node.name)
            shape = TOKEN_PROPS.get(entry.id.rpartition(".")[2]) if entry else None
            if shape is None:
                raise Skip(node, f"reading the token property {node.name}")
            return Py(parse_expr(shape[0].format(token.py)), shape[1])
        return super().x_Member(node)

    def mail_call(self, node: n.Node, entry: Any, args: list[n.Node]) -> Py | None:
        if entry.id in AUTH_CALLS:
            raise Skip(node, f"{entry.name(self.lang)} whose result is not tested against Null")
        return super().mail_call(node, entry, args)

    # -- the session's login -----------------------------------------------------------------
    def open_session(self, node: n.Node, session: Session) -> None:
        token = session.props.get("token")
        if token is None:
            super().open_session(node, session)
            return
        user = session.props.get("user")
        if user is None:
            raise Skip(node, "a session with an AuthToken but no Nom (the XOAUTH2 user)")
        password = session.props.pop("password", None)  # decision 12: the token wins
        try:
            super().open_session(node, session)
        finally:
            if password is not None:
                session.props["password"] = password
        self.functions.add("xoauth2")
        kept = self.session_tokens.get(session.py)
        if kept is not None and kept.loaded:  # as wlmail refreshes an expired token first
            self.functions.add("fresh_token")
            self.out.emit(0, f"{kept.py} = fresh_token({kept.py})")
        self.out.emit(0, f"{session.py}.ehlo()")
        self.out.emit(0, f'{session.py}.auth("XOAUTH2", xoauth2({user.src}, {token.src}))')

    def program_functions(self) -> str:
        """The OAuth functions the program defines (``""``: none), their imports needed."""
        if not self.functions:
            return ""
        source, imports = program_functions(self.functions, self.lang)
        for line in imports:
            self.need(line)
        return source


def statement_lists(node: Any) -> Any:
    """Every list of statements in the tree (bodies of blocks, branches, procedures)."""
    if isinstance(node, list):
        yield node
        for item in node:
            yield from statement_lists(item)
    elif isinstance(node, tuple):
        for item in node:
            yield from statement_lists(item)
    elif isinstance(node, n.Node):
        for key, value in vars(node).items():
            if key not in ("line", "col") and isinstance(value, list | tuple | n.Node):
                yield from statement_lists(value)


def assigned_place(node: n.Node) -> n.Node | None:
    """The place an ``AuthToken`` assignment or declaration with a value writes."""
    if isinstance(node, n.Assign):
        return node.target
    if isinstance(node, n.Decl) and node.init is not None and len(node.names) == 1:
        return node.names[0]
    return None


def same_place(a: n.Node, b: n.Node) -> bool:
    if isinstance(a, n.Name) and isinstance(b, n.Name):
        return a.key == b.key
    if isinstance(a, n.Member) and isinstance(b, n.Member):
        return a.key == b.key and same_place(a.target, b.target)
    return False
