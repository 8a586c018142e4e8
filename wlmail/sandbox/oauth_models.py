"""The sandbox provider's data: clients, authorization codes and tokens (authlib's mixins).

Split from :mod:`wlmail.sandbox.oauth_provider`, which documents the rules they implement
(automatic registration, client secret trusted on first use, loopback redirects only).
"""

from __future__ import annotations

import hmac
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from authlib.oauth2 import rfc6749

from wlmail.oauth.http import is_loopback_host
from wlmail.sandbox.oauth_device import DEVICE_CODE_GRANT_TYPE

__all__ = ["Client", "Code", "Token"]


@dataclass
class Client(rfc6749.ClientMixin):  # type: ignore[misc]
    client_id: str
    secret: str | None = field(default=None, repr=False)
    public: bool | None = None  # decided by the first token request

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return None  # redirect_uri is required

    def get_allowed_scope(self, scope: str | None) -> str:
        return scope or ""

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        try:
            parts = urlsplit(redirect_uri)
        except ValueError:
            return False
        return parts.scheme == "http" and is_loopback_host(parts.hostname or "")

    def check_client_secret(self, client_secret: str) -> bool:
        if self.public:
            return False
        if self.secret is None:
            self.secret, self.public = client_secret, False
            return True
        return hmac.compare_digest(self.secret.encode(), client_secret.encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if method == "none":
            if self.public is None and self.secret is None:
                self.public = True
            return bool(self.public)
        return method in ("client_secret_post", "client_secret_basic")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in ("authorization_code", "refresh_token", DEVICE_CODE_GRANT_TYPE)


@dataclass
class Code(rfc6749.AuthorizationCodeMixin):  # type: ignore[misc]
    code: str = field(repr=False)
    client_id: str
    redirect_uri: str
    scope: str
    user: str
    code_challenge: str
    code_challenge_method: str
    expires_at: float

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope


@dataclass
class Token(rfc6749.TokenMixin):  # type: ignore[misc]
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    client_id: str
    scope: str
    user: str
    expires_at: float
    revoked: bool = False
    mailbox: str | None = None  # bound by the first XOAUTH2 login

    def check_client(self, client: Any) -> bool:
        return bool(client.get_client_id() == self.client_id)

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return max(0, int(self.expires_at - time.time()))

    def is_expired(self) -> bool:
        return time.time() >= self.expires_at

    def is_revoked(self) -> bool:
        return self.revoked

    def get_user(self) -> str:
        return self.user

    def get_client(self) -> Any:
        return None
