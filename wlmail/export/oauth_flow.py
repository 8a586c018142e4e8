"""The OAuth plumbing an exported program defines itself (``export --python``).

These functions are written into the program, not into the WLangage helper module: they are
OAuth 2.0, not WLangage semantics. They mirror :mod:`wlmail.oauth.flow` and its listener
(decision 14): authorization code with PKCE S256 and a random ``state``, always; endpoints in
https (http on this machine only); a one-shot listener bound to the loopback address the
redirect names, which answers one request on its path with the right ``state``; the browser
opened with :mod:`webbrowser` from a thread and the address always printed on stderr; the token
endpoint authenticated with ``client_secret_post``. Tokens are never printed.

Each entry: the function's source, then the ``import`` lines it needs. ``{open_line}`` and
``{wait_line}`` are the f-strings of the two lines ``wlmail run`` prints on stderr, in the
script's language (from ``stdlib/messages-oauth.toml``).
"""

from __future__ import annotations

import ast

from wlmail.catalog import get_catalog
from wlmail.export.mail_headers import SAFE_HEADER, safe_header_source

PARAMS_CLASS = '''
@dataclass
class OAuth2Parameters:
    """WLangage's OAuth2Paramètres: the OAuth 2.0 service a login talks to."""

    client_id: str = ""
    client_secret: str = ""
    auth_url: str = ""
    token_url: str = ""
    scope: str = ""
    redirect_url: str = ""
    additional_parameters: str = ""
'''

EXTRA = '''
def extra_parameters(text: str) -> dict[str, str]:
    """ParamètresSupplémentaires ("name=value&name2=value2") for the authorization address; the
    ones the flow sets itself (state, PKCE, client, redirect) cannot be overridden."""
    reserved = {"state", "code_challenge", "code_challenge_method", "client_id"}
    reserved |= {"redirect_uri", "response_type"}
    found = parse_qsl(text.strip().lstrip("?&"), keep_blank_values=True)
    return {key: value for key, value in found if key and key not in reserved}
'''

LOOPBACK = '''
def loopback_address(host: str) -> str | None:
    """The address to listen on for a redirect to ``host``: this machine only, else None."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        return host if ipaddress.ip_address(host).is_loopback else None
    except ValueError:
        return None
'''

REDIRECT = '''
def redirect_address(redirect_url: str) -> tuple[str, int]:
    """Where to listen for ``redirect_url``: a loopback address and its port. Any other place
    is refused (OAuthError) before an address is shown: the code never leaves this machine."""
    parts = urlsplit(redirect_url)
    address = loopback_address(parts.hostname or "")
    if parts.scheme != "http" or address is None:
        raise OAuthError("invalid_request", f"not a redirect to this machine: {redirect_url}")
    return address, parts.port or 80
'''

REQUIRE_HTTPS = '''
def require_https(url: str) -> None:
    """An OAuth endpoint is https (http only on this machine): no code or token in clear."""
    parts = urlsplit(url)
    local = parts.scheme == "http" and loopback_address(parts.hostname or "") is not None
    if parts.scheme != "https" and not local:
        raise OAuthError("invalid_request", f"an OAuth endpoint must use https: {url}")
'''

LISTENER = '''
def wait_for_callback(redirect_url: str, state: str, timeout: float) -> str:
    """The address the browser comes back to, read by a one-shot listener on this machine.

    Only the loopback address named by ``redirect_url`` is listened on. A request for another
    path gets 404, one whose ``state`` is missing or wrong gets 400 (it may be forged): both
    are ignored; the first one with the right ``state`` ends the wait. TimeoutError after
    ``timeout`` seconds.
    """
    address, port = redirect_address(redirect_url)
    parts = urlsplit(redirect_url)
    path = parts.path or "/"
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    received: list[str] = []

    class Callback(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            where = urlsplit(self.path)
            given = parse_qs(where.query).get("state", [""])[0]
            if where.path != path:
                self.send_error(404)
            elif not hmac.compare_digest(given, state):
                self.send_error(400)
            else:
                received.append(f"http://{parts.netloc}{self.path}")
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.end_headers()
                self.wfile.write(b"Done: you can close this page.\\n")

        def log_message(self, format: str, *args: object) -> None:
            """No request line on stderr (the address holds the code)."""

    class Listener(socketserver.TCPServer):
        address_family = family
        allow_reuse_address = True

    deadline = time.monotonic() + timeout
    with Listener((address, port), Callback) as server:
        while not received:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no answer from the browser within {timeout:g} s")
            server.timeout = left
            server.handle_request()
    return received[0]
'''

AUTHORIZE = '''
def authorize(params: OAuth2Parameters, timeout: float = 300) -> OAuth2Token:
    """WLangage's AuthIdentifie: the authorization code flow, with PKCE (S256) and a state.

    The authorization address is printed on stderr and opened with webbrowser (the BROWSER
    variable works); the browser comes back to :func:`wait_for_callback`. Raises OSError
    (network, timeout) or OAuthError (refused by the service or the user).
    """
    require_https(params.auth_url)
    require_https(params.token_url)
    redirect_address(params.redirect_url)
    state = secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(48)
    method = "client_secret_post" if params.client_secret else "none"
    with OAuth2Session(
        params.client_id,
        params.client_secret or None,
        token_endpoint_auth_method=method,
        scope=params.scope or None,
        redirect_uri=params.redirect_url,
        code_challenge_method="S256",
    ) as session:
        url, _ = session.create_authorization_url(
            params.auth_url, state=state, code_verifier=verifier{extra}
        )
        print({open_line}, file=sys.stderr)
        print({wait_line}, file=sys.stderr)
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        callback = wait_for_callback(params.redirect_url, state, timeout)
        answer = parse_qs(urlsplit(callback).query)
        if "error" in answer:
            why = answer.get("error_description", [""])[0]
            raise OAuthError(answer["error"][0], why)
        token = session.fetch_token(
            params.token_url,
            authorization_response=callback,
            code_verifier=verifier,
            state=state,
            timeout=60,
        )
        secret = params.client_secret
        return remembered(token, params.token_url, params.client_id, secret)
'''

REMEMBERED = '''
def remembered(token: OAuth2Token, token_url: str, client_id: str, secret: str) -> OAuth2Token:
    """``token`` keeping its token address and client, as a WLangage AuthToken does: enough
    to refresh it later, also after it was saved and read back (it holds secrets)."""
    token.update(token_url=token_url, client_id=client_id, client_secret=secret)
    return token
'''

REFRESH = '''
def refresh(token: OAuth2Token) -> OAuth2Token:
    """WLangage's AuthRenouvelleToken: a new token from the refresh token of ``token``, at the
    token address and for the client it remembers."""
    if not token.get("refresh_token") or not token.get("token_url"):
        raise OAuthError("invalid_request", "this token has no refresh token or token address")
    require_https(token["token_url"])
    secret = token.get("client_secret", "")
    method = "client_secret_post" if secret else "none"
    with OAuth2Session(
        token["client_id"], secret or None, token_endpoint_auth_method=method
    ) as session:
        new = session.refresh_token(
            token["token_url"], refresh_token=token["refresh_token"], timeout=60
        )
        return remembered(new, token["token_url"], token["client_id"], secret)
'''

FRESH = '''
def fresh_token(token: OAuth2Token) -> OAuth2Token:
    """``token``, refreshed first when it is (nearly) expired, as WLangage refreshes a session's
    token before XOAUTH2. A refused refresh fails the opening of the session like a refused
    login (smtplib.SMTPAuthenticationError)."""
    if not token.is_expired(leeway=60) or not token.get("refresh_token"):
        return token
    try:
        return refresh(token)
    except OAuthError as err:
        raise smtplib.SMTPAuthenticationError(535, str(err).encode()) from err
'''

WRITE_PRIVATE = '''
def write_private(path: str, data: bytes) -> None:
    """fSauveBuffer of a serialized token: the file is readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # also when the file already existed
    with os.fdopen(fd, "wb") as file:
        file.write(data)
'''

XOAUTH2 = '''
def xoauth2(user: str, token: OAuth2Token) -> Callable[..., str]:
    """SASL XOAUTH2 for ``smtplib.SMTP.auth``: the initial response, then an empty answer to
    the challenge a server sends when it refuses the token (RFC 7628 §3.2.3)."""

    def answer(challenge: bytes | None = None) -> str:
        if challenge is not None:
            return ""
        return f"user={user}\\x01auth=Bearer {token['access_token']}\\x01\\x01"

    return answer
'''

TOKEN_TYPE = "from authlib.oauth2.rfc6749 import OAuth2Token"
ERROR = "from authlib.integrations.requests_client import OAuthError"
SESSION = "from authlib.integrations.requests_client import OAuth2Session"
QS = "from urllib.parse import parse_qs"
SPLIT = "from urllib.parse import urlsplit"
CHECKS = ["require_https", "redirect_address"]
FIELD = "additional_parameters"
FLOW = ["import secrets", "import sys", "import threading", "import webbrowser"]

#: name -> (source, imports, other functions it calls), in the order they are written
FUNCTIONS: dict[str, tuple[str, list[str], list[str]]] = {
    "OAuth2Parameters": (PARAMS_CLASS, ["from dataclasses import dataclass"], []),
    "extra_parameters": (EXTRA, ["from urllib.parse import parse_qsl"], []),
    "loopback_address": (LOOPBACK, ["import ipaddress"], []),
    "require_https": (REQUIRE_HTTPS, [SPLIT, ERROR], ["loopback_address"]),
    "redirect_address": (REDIRECT, [SPLIT, ERROR], ["loopback_address"]),
    "wait_for_callback": (
        LISTENER,
        [
            "import hmac",
            "import socket",
            "import socketserver",
            "import time",
            "from http.server import BaseHTTPRequestHandler",
            QS,
            SPLIT,
        ],
        ["redirect_address"],
    ),
    "remembered": (REMEMBERED, [TOKEN_TYPE], []),
    "authorize": (
        AUTHORIZE,
        [*FLOW, QS, SPLIT, ERROR, SESSION, TOKEN_TYPE],
        [*CHECKS, "OAuth2Parameters", "wait_for_callback", "remembered"],
    ),
    "refresh": (REFRESH, [ERROR, SESSION, TOKEN_TYPE], ["require_https", "remembered"]),
    "fresh_token": (FRESH, ["import smtplib", ERROR, TOKEN_TYPE], ["refresh"]),
    "write_private": (WRITE_PRIVATE, ["import os"], []),
    "xoauth2": (XOAUTH2, ["from collections.abc import Callable", TOKEN_TYPE], []),
    "safe_header": (SAFE_HEADER, ["import re"], []),  # mail_headers.py
}


def _fstring(template: str, **names: str) -> str:
    """``template`` (a catalog message with ``{field}`` places) as an f-string whose places are
    the Python expressions ``names`` give."""
    values: list[ast.expr] = []
    rest = template
    while rest:
        start = rest.find("{")
        end = rest.find("}", start)
        if start < 0 or end < 0:
            values.append(ast.Constant(rest))
            break
        if start:
            values.append(ast.Constant(rest[:start]))
        code = ast.parse(names[rest[start + 1 : end]], mode="eval").body
        values.append(ast.FormattedValue(code, -1, None))
        rest = rest[end + 1 :]
    return ast.unparse(ast.JoinedStr(values))


def program_functions(wanted: set[str], lang: str) -> tuple[str, set[str]]:
    """The source of the functions ``wanted`` (and those they call), and their imports.
    ``additional_parameters`` in ``wanted``: the dataclass has that field, and ``authorize``
    sends it."""
    field = FIELD in wanted  # the script sets or reads ParamètresSupplémentaires
    names = wanted - {FIELD}
    while True:
        more = {called for name in names for called in FUNCTIONS[name][2]} - names
        if not more:
            break
        names |= more
    if field and "authorize" in names:
        names.add("extra_parameters")
    cat = get_catalog()
    opening = cat.message("oauth_open_url", lang, url="{url}")
    waiting = cat.message("oauth_waiting", lang, redirect="{redirect}", seconds="{seconds}")
    lines = {
        "open_line": _fstring(opening, url="url"),
        "wait_line": _fstring(
            waiting, redirect="params.redirect_url", seconds="format(timeout, 'g')"
        ),
    }
    parts, imports = [], set()
    for name, (source, needs, _) in FUNCTIONS.items():
        if name in names:
            text = source.strip("\n")
            extra = "extra_parameters" in names
            if name == "authorize":
                text = text.replace("{open_line}", lines["open_line"])
                text = text.replace("{wait_line}", lines["wait_line"])
                given = ", **extra_parameters(params.additional_parameters)"
                text = text.replace("{extra}", given if extra else "")
            elif name == "safe_header":
                text = safe_header_source(lang).strip("\n")
            elif name == "OAuth2Parameters" and not field:
                text = text.replace('\n    additional_parameters: str = ""', "")
            parts.append(text)
            imports.update(needs)
    return "\n\n\n".join(parts), merged(imports)


def merged(imports: set[str]) -> set[str]:
    """``from m import a`` and ``from m import b``: one ``from m import a, b`` (isort)."""
    done = {i for i in imports if not i.startswith("from ")}
    names: dict[str, set[str]] = {}
    for line in imports - done:
        module, _, what = line[5:].partition(" import ")
        names.setdefault(module, set()).update(w.strip() for w in what.split(","))
    for module, found in names.items():
        done.add(f"from {module} import {', '.join(sorted(found, key=str.casefold))}")
    return done
