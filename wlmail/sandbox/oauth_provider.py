"""The sandbox OAuth 2.0 provider: authlib's server-side grants behind a small HTTPS server.

``--sandbox`` routes every OAuth URL of the script here (decision 23). The grants are authlib's
own (:class:`~authlib.oauth2.rfc6749.grants.AuthorizationCodeGrant`,
:class:`~authlib.oauth2.rfc6749.grants.RefreshTokenGrant`, with
:class:`~authlib.oauth2.rfc7636.CodeChallenge`), so codes, PKCE, redirect URIs, client secrets and
refresh tokens are really checked, unlike oauth2-mock-server (engineering.md §4.2). What the
sandbox adds:

* **any path**: ``GET`` is the authorization endpoint and ``POST`` the token endpoint, whatever
  the path, so ``https://accounts.google.com/o/oauth2/auth`` and ``…/token`` both work;
* **automatic consent**: an unknown ``client_id`` is registered on its first authorization request
  and the sandbox user consents at once (302 to the redirect URI with a code);
* **PKCE S256 required** for every client, and redirect URIs must be loopback ``http`` URLs
  (RFC 8252 §7.3);
* **client secret, trust on first use**: the first secret a client presents at the token
  endpoint is remembered; any other one is refused later (a public client stays public);
* **opaque bearer tokens**, remembered in memory: :meth:`SandboxOAuthProvider.check_token` is the
  sandbox SMTP server's XOAUTH2 check (the token must be live, and the first mailbox that uses it
  is the only one it opens).

Everything listens on 127.0.0.1 only, over TLS with the run's CA. Tokens are never logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
from authlib.oauth2 import rfc6749
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6749.errors import InvalidRequestError, OAuth2Error
from authlib.oauth2.rfc6749.requests import OAuth2Payload, OAuth2Request
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge

from wlmail.sandbox.certs import RunCA
from wlmail.sandbox.oauth_device import (
    DEVICE_CODE_GRANT_TYPE,
    DEVICE_PATH,
    DeviceEndpoint,
    DeviceGrant,
    DevicePolicy,
)
from wlmail.sandbox.oauth_models import Client as _Client
from wlmail.sandbox.oauth_models import Code as _Code
from wlmail.sandbox.oauth_models import Token as _Token

__all__ = ["BIND_HOST", "Event", "SandboxOAuthProvider"]

BIND_HOST = "127.0.0.1"
CODE_LIFETIME = 600.0
BODY_LIMIT = 64 * 1024
REQUEST_DEADLINE = 15.0
#: who consents in the sandbox
SANDBOX_USER = "sandbox-user"


@dataclass(frozen=True)
class Event:
    """Something the provider did, for the run's summary. Never holds a secret."""

    kind: str  # "consent", "token", "refused"
    client_id: str
    detail: str = ""


# ---- grants -----------------------------------------------------------------------------------
_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]


class _CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = _AUTH_METHODS

    def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
        data = request.payload.data
        self.server.store.codes[code] = _Code(
            code=code,
            client_id=request.client.get_client_id(),
            redirect_uri=request.payload.redirect_uri or "",
            scope=request.scope or "",
            user=request.user,
            code_challenge=data.get("code_challenge", ""),
            code_challenge_method=data.get("code_challenge_method", ""),
            expires_at=time.time() + CODE_LIFETIME,
        )

    def query_authorization_code(self, code: str, client: Any) -> _Code | None:
        item: _Code | None = self.server.store.codes.get(code)
        if item is None or item.client_id != client.get_client_id():
            return None
        if time.time() >= item.expires_at:
            return None
        return item

    def delete_authorization_code(self, authorization_code: _Code) -> None:
        self.server.store.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code: _Code) -> str:
        return authorization_code.user


class _RefreshGrant(grants.RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = _AUTH_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = True  # rotate: an old refresh token works once

    def authenticate_refresh_token(self, refresh_token: str) -> _Token | None:
        item: _Token | None = self.server.store.by_refresh.get(refresh_token)
        if item is None or item.revoked:
            return None
        return item

    def authenticate_user(self, refresh_token: _Token) -> str:
        return refresh_token.user

    def revoke_old_credential(self, refresh_token: _Token) -> None:
        refresh_token.revoked = True


class _StrictChallenge(CodeChallenge):  # type: ignore[misc]
    """PKCE for every client, S256 only (``CodeChallenge(required=True)`` alone lets a
    confidential client skip it)."""

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: missing 'code_challenge'")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE: only 'code_challenge_method=S256' is accepted")
        super().validate_code_challenge(grant, redirect_uri)


# ---- requests -----------------------------------------------------------------------------------
class _Payload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._datalist: dict[str, list[str]] = {}
        for key, value in pairs:
            self._datalist.setdefault(key, []).append(value)
        self._data = {key: values[0] for key, values in self._datalist.items()}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> dict[str, list[str]]:
        return self._datalist


class _Request(OAuth2Request):  # type: ignore[misc]
    def __init__(
        self,
        method: str,
        uri: str,
        headers: httpx.Headers,
        query: list[tuple[str, str]],
        form: list[tuple[str, str]],
    ) -> None:
        super().__init__(method=method, uri=uri, headers=headers)
        self._args = dict(query)
        self._form = dict(form)
        self.payload = _Payload(query + form)

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


@dataclass
class _Store:
    clients: dict[str, _Client] = field(default_factory=dict)
    codes: dict[str, _Code] = field(default_factory=dict)
    by_access: dict[str, _Token] = field(default_factory=dict)
    by_refresh: dict[str, _Token] = field(default_factory=dict)
    devices: dict[str, Any] = field(default_factory=dict)  # device_code -> DeviceCredential


Response = tuple[int, bytes, list[tuple[str, str]]]


class _Server(rfc6749.AuthorizationServer):  # type: ignore[misc]
    def __init__(self, store: _Store, expires_in: Callable[[], int], device: DevicePolicy) -> None:
        super().__init__()
        self.store = store
        self.device_policy = device
        self.sandbox_user = SANDBOX_USER
        self._expires_in = expires_in
        generator = BearerTokenGenerator(
            access_token_generator=lambda **_: secrets.token_urlsafe(32),
            refresh_token_generator=lambda **_: secrets.token_urlsafe(32),
            expires_generator=lambda client, grant_type: self._expires_in(),
        )
        self.register_token_generator("default", generator)
        self.register_grant(_CodeGrant, [_StrictChallenge(required=True)])
        self.register_grant(_RefreshGrant)
        self.register_grant(DeviceGrant)
        self.register_endpoint(DeviceEndpoint)

    def query_client(self, client_id: str) -> _Client | None:
        return self.store.clients.get(client_id)

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        item = _Token(
            access_token=token["access_token"],
            refresh_token=token.get("refresh_token", ""),
            client_id=request.client.get_client_id(),
            scope=token.get("scope", ""),
            user=request.user,
            expires_at=time.time() + float(token.get("expires_in", 0)),
        )
        self.store.by_access[item.access_token] = item
        if item.refresh_token:
            self.store.by_refresh[item.refresh_token] = item

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        pass

    def create_oauth2_request(self, request: Any) -> OAuth2Request:
        assert isinstance(request, OAuth2Request)
        return request

    def create_json_request(self, request: Any) -> Any:  # pragma: no cover - unused
        raise NotImplementedError

    def handle_response(self, status: int, body: Any, headers: Any) -> Response:
        pairs = [(str(k), str(v)) for k, v in (headers or [])]
        if isinstance(body, dict | list):
            payload = json.dumps(body).encode("utf-8")
            if not any(k.lower() == "content-type" for k, _ in pairs):
                pairs.append(("Content-Type", "application/json"))
        else:
            payload = str(body or "").encode("utf-8")
        return status, payload, pairs


# ---- the provider ---------------------------------------------------------------------------
class SandboxOAuthProvider:
    """An OAuth 2.0 authorization server on 127.0.0.1 (TLS with ``ca``), in the caller's loop.

    :param ca: the run's CA; its leaf must carry the host names the script's URLs use.
    :param expires_in: lifetime of access tokens, in seconds.
    :param on_event: called with each :class:`Event` (consent given, token issued, refusal).
    :param device: the device flow's interval and scripted answers (RFC 8628; see
        :mod:`wlmail.sandbox.oauth_device`).
    """

    def __init__(
        self,
        ca: RunCA,
        *,
        expires_in: int = 3600,
        on_event: Callable[[Event], None] | None = None,
        device: DevicePolicy | None = None,
    ) -> None:
        self.ca = ca
        self.device = device if device is not None else DevicePolicy()
        self.expires_in = expires_in
        self.on_event = on_event
        self.events: list[Event] = []
        self.store = _Store()
        self.server = _Server(self.store, lambda: self.expires_in, self.device)
        self._listener: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._port: int | None = None

    # -- lifecycle ------------------------------------------------------------------------------
    async def start(self) -> None:
        if self._listener is not None:
            raise RuntimeError("the provider is already started")
        self._listener = await asyncio.start_server(
            self._serve, BIND_HOST, 0, ssl=self.ca.server_context()
        )
        self._port = self._listener.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        listener, self._listener = self._listener, None
        self._port = None
        if listener is None:
            return
        listener.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(listener.wait_closed(), 2.0)

    async def __aenter__(self) -> SandboxOAuthProvider:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the provider is not started")
        return self._port

    # -- the SMTP server's XOAUTH2 check --------------------------------------------------------
    def check_token(self, user: str, token: str) -> bool:
        """A live access token of this provider; the first mailbox using it is the only one."""
        item = self.store.by_access.get(token)
        if item is None or item.revoked or item.is_expired():
            return False
        if item.mailbox is None:
            item.mailbox = user
        return item.mailbox == user

    # -- HTTP -------------------------------------------------------------------------------------
    def _event(self, kind: str, client_id: str, detail: str = "") -> None:
        event = Event(kind, client_id, detail)
        self.events.append(event)
        if self.on_event is not None:
            self.on_event(event)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            response = await asyncio.wait_for(self._read(reader), REQUEST_DEADLINE)
            if response is not None:
                status, body, headers = response
                head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"]
                head += [f"{k}: {v}" for k, v in headers]
                head += [
                    f"Content-Length: {len(body)}",
                    "Cache-Control: no-store",
                    "Connection: close",
                ]
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
                await writer.drain()
            writer.close()
            await asyncio.wait_for(writer.wait_closed(), 1.0)
        except (
            TimeoutError,
            OSError,
            asyncio.IncompleteReadError,
            asyncio.LimitOverrunError,
            asyncio.CancelledError,  # stop() cancels: a cancelled task is logged by asyncio
        ):
            pass
        finally:
            writer.close()
            if task is not None:
                self._tasks.discard(task)

    async def _read(self, reader: asyncio.StreamReader) -> Response | None:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) != 3:
            return _page(400, "Bad request")
        method, target, _ = parts
        pairs = [line.split(":", 1) for line in lines[1:] if ":" in line]
        headers = httpx.Headers([(name.strip(), value.strip()) for name, value in pairs])
        length = int(headers.get("content-length", "0") or 0)
        if length > BODY_LIMIT:
            return _page(413, "Request too large")
        body = await reader.readexactly(length) if length else b""
        host = headers.get("host", f"{BIND_HOST}")
        split = urlsplit(target)
        uri = f"https://{host}{target}"
        query = parse_qsl(split.query, keep_blank_values=True)
        if method == "GET" and split.path.endswith("/.well-known/openid-configuration"):
            return self._discovery(host)
        if method == "GET":
            request = _Request("GET", uri, headers, query, [])
            return self._authorize(request)
        if method == "POST":
            form = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
            request = _Request("POST", uri, headers, query, form)
            if DEVICE_PATH.search(split.path):
                return self._device(request)
            return self._token(request)
        return _page(405, "Method not allowed")

    def _authorize(self, request: _Request) -> Response:
        client_id = request.payload.data.get("client_id", "")
        if client_id and client_id not in self.store.clients:
            self.store.clients[client_id] = _Client(client_id)
        try:
            grant = self.server.get_consent_grant(request, end_user=SANDBOX_USER)
        except OAuth2Error as error:
            self._event("refused", client_id, f"{error.error}: {error.description}")
            if error.redirect_uri:
                response: Response = self.server.handle_error_response(request, error)
                return response
            return _page(400, f"{error.error}: {error.description}")
        response = self.server.create_authorization_response(
            request=request, grant_user=SANDBOX_USER, grant=grant
        )
        if response[0] == 302:
            scope = request.payload.data.get("scope", "")
            self._event("consent", client_id, scope)
        return response

    def _token(self, request: _Request) -> Response:
        response: Response = self.server.create_token_response(request)
        grant_type = request.payload.data.get("grant_type", "")
        client_id = request.payload.data.get("client_id", "")
        if response[0] == 200:
            self._event("token", client_id, grant_type)
        else:
            try:
                detail = json.loads(response[1]).get("error", "")
            except ValueError:
                detail = ""
            if grant_type == DEVICE_CODE_GRANT_TYPE and detail in (
                "authorization_pending",
                "slow_down",
            ):
                self._event("device_poll", client_id, detail)
            else:
                self._event("refused", client_id, f"{grant_type}: {detail}")
        return response

    def _device(self, request: _Request) -> Response:
        """RFC 8628 §3.1: device and user codes (unknown clients registered, as for consent)."""
        client_id = request.payload.data.get("client_id", "")
        if client_id and client_id not in self.store.clients:
            self.store.clients[client_id] = _Client(client_id)
        response: Response = self.server.create_endpoint_response(
            DeviceEndpoint.ENDPOINT_NAME, request
        )
        if response[0] == 200:
            self._event("device", client_id, request.payload.data.get("scope", ""))
        else:
            self._event("refused", client_id, f"device authorization: HTTP {response[0]}")
        return response

    def _discovery(self, host: str) -> Response:
        issuer = f"https://{host}"
        body = {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token",
            "device_authorization_endpoint": f"{issuer}/devicecode",
            "response_types_supported": ["code"],
            "grant_types_supported": [
                "authorization_code",
                "refresh_token",
                DEVICE_CODE_GRANT_TYPE,
            ],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": _AUTH_METHODS,
        }
        return 200, json.dumps(body).encode(), [("Content-Type", "application/json")]


_REASONS = {
    200: "OK",
    302: "Found",
    400: "Bad Request",
    401: "Unauthorized",
    405: "Method Not Allowed",
    413: "Payload Too Large",
}


def _page(status: int, text: str) -> Response:
    body = f"<!DOCTYPE html><title>wlmail sandbox</title><p>{_escape(text)}</p>\n".encode()
    return status, body, [("Content-Type", "text/html; charset=utf-8")]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
