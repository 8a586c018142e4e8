"""What an ``AuthToken`` holds, independent of the interpreter, and how it is serialized.

A token keeps, besides what the token endpoint answered, the token endpoint address and the
client credentials it was obtained with: ``AuthRenouvelleToken(tok)`` refreshes it from the token
alone, also after ``Désérialise`` in a later run (mail-api.md §3.12). The serialized forms
therefore carry secrets; they are returned as :class:`PrivateBytes`, which file functions write
with owner-only permissions.

Formats (``Sérialise``'s third parameter): binary (``MAGIC`` + UTF-8 JSON), JSON, XML. The
layout is wlmail's own; PC SOFT does not publish its binary format.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "FORMAT_BINARY",
    "FORMAT_JSON",
    "FORMAT_XML",
    "MAGIC",
    "PrivateBytes",
    "SerializeError",
    "TokenData",
    "dump",
    "load",
]

FORMAT_BINARY, FORMAT_JSON, FORMAT_XML = 1, 2, 3
MAGIC = b"WLMAIL\x00AUTHTOKEN\x00"
VERSION = 1
#: seconds before the expiry at which a token counts as expired (clock skew, transit)
LEEWAY = 60.0


class PrivateBytes(bytes):
    """A buffer holding secrets: ``fSauveBuffer`` writes it readable by its owner only (0600).

    A subclass of :class:`bytes`, so every buffer operation works on it unchanged; what is
    derived from it (slices, concatenations) is plain bytes again.
    """

    wl_private = True


class SerializeError(ValueError):
    """A buffer that is not a serialized object of the expected type (or is damaged)."""


@dataclass
class TokenData:
    """An OAuth 2.0 token and what is needed to refresh it."""

    access_token: str = field(default="", repr=False)
    refresh_token: str = field(default="", repr=False)
    token_type: str = ""
    scope: str = ""
    #: Unix time of expiry, or None when the server gave no ``expires_in``
    expires_at: float | None = None
    #: raw body of the token endpoint's last answer (JSON), also for an error
    server_response: bytes = field(default=b"", repr=False)
    token_url: str = ""
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    #: "client_secret_post" or "none" (public client)
    auth_method: str = "client_secret_post"

    @property
    def valid(self) -> bool:
        return bool(self.access_token)

    def expired(self, now: float | None = None, leeway: float = LEEWAY) -> bool:
        """True when the expiry is known and (nearly) reached."""
        if self.expires_at is None:
            return False
        return (time.time() if now is None else now) >= self.expires_at - leeway

    def can_refresh(self) -> bool:
        return bool(self.refresh_token and self.token_url)

    def copy(self) -> TokenData:
        return dataclasses.replace(self)

    @classmethod
    def from_response(
        cls,
        token: dict[str, Any],
        raw: bytes,
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        auth_method: str,
        previous: TokenData | None = None,
    ) -> TokenData:
        """A token from the JSON of a token endpoint (an authlib ``OAuth2Token``).

        On a refresh without a new ``refresh_token`` the previous one is kept (RFC 6749 §6).
        """
        expires_at: float | None = None
        raw_expires_at = token.get("expires_at")
        if isinstance(raw_expires_at, int | float) and not isinstance(raw_expires_at, bool):
            expires_at = float(raw_expires_at)
        else:
            expires_in = token.get("expires_in")
            try:
                expires_at = time.time() + float(expires_in) if expires_in is not None else None
            except (TypeError, ValueError):
                expires_at = None
        refresh = str(token.get("refresh_token") or "")
        if not refresh and previous is not None:
            refresh = previous.refresh_token
        scope = token.get("scope")
        if isinstance(scope, list | tuple):
            scope = " ".join(str(s) for s in scope)
        return cls(
            access_token=str(token.get("access_token") or ""),
            refresh_token=refresh,
            token_type=str(token.get("token_type") or ""),
            scope=str(scope or (previous.scope if previous else "")),
            expires_at=expires_at,
            server_response=raw,
            token_url=token_url,
            client_id=client_id,
            client_secret=client_secret,
            auth_method=auth_method,
        )


# ---- serialization -------------------------------------------------------------------------
_FIELDS = tuple(f.name for f in dataclasses.fields(TokenData))


def _to_dict(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {"type": kind, "version": VERSION}
    for key, value in values.items():
        if isinstance(value, bytes):
            data[key] = base64.b64encode(value).decode("ascii")
        else:
            data[key] = value
    return data


def dump(kind: str, values: dict[str, Any], fmt: int) -> PrivateBytes:
    """Serialize ``values`` (str, float, None or bytes values) of an object of type ``kind``."""
    data = _to_dict(kind, values)
    if fmt == FORMAT_XML:
        root = ET.Element(kind, version=str(VERSION))
        for key, value in data.items():
            if key in ("type", "version"):
                continue
            child = ET.SubElement(root, key)
            if value is None:
                child.set("null", "1")
            else:
                child.text = repr(value) if isinstance(value, float) else str(value)
        return PrivateBytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    if fmt == FORMAT_JSON:
        return PrivateBytes(text)
    return PrivateBytes(MAGIC + text)


def load(kind: str, data: bytes, fmt: int, types: Mapping[str, type]) -> dict[str, Any]:
    """The values :func:`dump` wrote for an object of type ``kind``; raises SerializeError.

    ``types`` maps each expected key to ``str``, ``float`` (None allowed) or ``bytes``; other
    keys are ignored, missing keys are left out.
    """
    if fmt == FORMAT_XML:
        raw = _load_xml(kind, data)
    else:
        payload = data
        if fmt == FORMAT_BINARY:
            if not data.startswith(MAGIC):
                raise SerializeError("not a wlmail binary serialization")
            payload = data[len(MAGIC) :]
        try:
            raw = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SerializeError(f"damaged data ({exc})") from None
        if not isinstance(raw, dict):
            raise SerializeError("damaged data")
    if raw.get("type") != kind:
        raise SerializeError(f"the buffer holds a {raw.get('type')!s}, not a {kind}")
    values: dict[str, Any] = {}
    for key, kind_of in types.items():
        if key not in raw:
            continue
        values[key] = _convert(key, raw[key], kind_of)
    return values


def _load_xml(kind: str, data: bytes) -> dict[str, Any]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise SerializeError(f"damaged XML ({exc})") from None
    raw: dict[str, Any] = {"type": root.tag}
    for child in root:
        raw[child.tag] = None if child.get("null") else (child.text or "")
    return raw


def _convert(key: str, value: Any, kind_of: type) -> Any:
    try:
        if kind_of is bytes:
            return base64.b64decode(str(value or ""), validate=True)
        if kind_of is float:
            return None if value is None or value == "" else float(value)
        return "" if value is None else str(value)
    except (ValueError, TypeError) as exc:
        raise SerializeError(f"bad value for {key} ({exc})") from None


TOKEN_TYPES: dict[str, type] = {
    name: (float if name == "expires_at" else bytes if name == "server_response" else str)
    for name in _FIELDS
}


def dump_token(token: TokenData, fmt: int) -> PrivateBytes:
    return dump("AuthToken", dataclasses.asdict(token), fmt)


def load_token(data: bytes, fmt: int) -> TokenData:
    return TokenData(**load("AuthToken", data, fmt, TOKEN_TYPES))
