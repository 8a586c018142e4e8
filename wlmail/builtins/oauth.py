"""OAuth 2.0 for scripts: ``OAuth2Paramètres`` and ``AuthToken``, ``AuthIdentifie``,
``AuthRenouvelleToken`` (and ``tok.RenouvelleToken()``), ``Sérialise``/``Désérialise`` of a token.

Rulings (design/decisions.md): a failure returns an ``AuthToken`` whose ``Valide`` is ``Faux`` and
which equals ``Null``, with ``ErreurInfo`` set (7, 13); the flow is the authorization code with
``state`` and PKCE S256, a loopback-only listener and a timeout (14); an ``AuthToken`` on an
``emailSessionSMTP`` makes ``EmailOuvreSession`` log in with XOAUTH2 (12) through the seam
:meth:`AuthTokenObject.bearer` / :meth:`AuthTokenObject.refresh_if_expired`.

Secrets (``ClientSecret``, ``Valeur``, ``Actualisation``) never appear in ``wl_display``,
``wl_str``, ``ErreurInfo`` or the lines printed on stderr.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Coroutine
from typing import Any, ClassVar, TypeVar

from wlmail.builtins import builtin
from wlmail.catalog import Entry, get_catalog
from wlmail.oauth.errors import OAuthFailure
from wlmail.oauth.token import (
    FORMAT_BINARY,
    FORMAT_JSON,
    FORMAT_XML,
    SerializeError,
    TokenData,
    dump,
    dump_token,
    load,
    load_token,
)
from wlmail.runtime.proptypes import checked
from wlmail.runtime.state import Runtime
from wlmail.runtime.types import HOST_FACTORIES, SCALARS
from wlmail.runtime.values import WLDateTime, WLFault, display, to_int, to_str
from wlmail.textsafe import one_line

__all__ = ["AuthTokenObject", "OAuth2ParamsObject"]

T = TypeVar("T")
MASK = "****"
ERROR_CODE = 1


class _Shown:
    """A text ``display`` shows as is (a masked secret)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def wl_display(self) -> str:
        return self.text


class _HostObject:
    """Catalog-described properties with WLangage member access."""

    wl_type: ClassVar[str] = ""
    secret_props: ClassVar[frozenset[str]] = frozenset()

    def __init__(self) -> None:
        self.lang = "fr"

    def _entry(self, rt: Any, key: str, name: str) -> Entry:
        self.lang = rt.lang
        entry: Entry | None = rt.catalog.prop(self.wl_type, key)
        if entry is None:
            raise WLFault("unknown_member", name=name, owner=self.type_name())
        return entry

    def type_name(self) -> str:
        return get_catalog().types[self.wl_type].name(self.lang)

    def wl_get(self, rt: Any, key: str, name: str) -> Any:
        return self.get(self._entry(rt, key, name).id.partition(".")[2])

    def wl_set(self, rt: Any, key: str, name: str, value: Any) -> None:
        entry = self._entry(rt, key, name)
        if entry.read_only:
            raise WLFault("read_only_member", name=name)
        self.set(entry.id.partition(".")[2], checked(entry, value, rt.lang))

    def get(self, pid: str) -> Any:
        raise NotImplementedError

    def set(self, pid: str, value: Any) -> None:
        raise NotImplementedError

    def _shown(self) -> list[tuple[str, Any]]:
        shown: list[tuple[str, Any]] = []
        for entry in get_catalog().props_of(self.wl_type):
            pid = entry.id.partition(".")[2]
            value = self.get(pid)
            if value in ("", b"", None, False) and pid != "valid":
                continue
            if pid in self.secret_props:
                value = _Shown(MASK)
            elif isinstance(value, bytes):
                value = _Shown(f"<{len(value)} {'bytes' if self.lang == 'en' else 'octets'}>")
            shown.append((entry.name(self.lang), value))
        return shown

    def wl_display(self) -> str:
        inner = ", ".join(f"{name}={display(value)}" for name, value in self._shown())
        return f"{self.type_name()}({inner})"

    def wl_str(self) -> str:
        return self.wl_display()

    def __repr__(self) -> str:
        return self.wl_display()


# ---- OAuth2Paramètres -----------------------------------------------------------------------
class OAuth2ParamsObject(_HostObject):
    """``OAuth2Paramètres``/``OAuth2Parameters``: strings only."""

    wl_type = "oauth2_parameters"
    secret_props = frozenset({"client_secret"})

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        for entry in get_catalog().props_of(self.wl_type):
            default = entry.default
            self.values[entry.id.partition(".")[2]] = "" if default is None else str(default)

    def get(self, pid: str) -> Any:
        return self.values[pid]

    def set(self, pid: str, value: Any) -> None:
        self.values[pid] = to_str(value)

    def wl_copy(self) -> OAuth2ParamsObject:
        new = OAuth2ParamsObject()
        new.lang, new.values = self.lang, dict(self.values)
        return new

    def settings(self) -> Any:
        from wlmail.oauth.flow import OAuthSettings

        v = self.values
        return OAuthSettings(
            client_id=v["client_id"].strip(),
            client_secret=v["client_secret"],
            auth_url=v["auth_url"],
            token_url=v["token_url"],
            scope=v["scope"],
            redirect_url=v["redirection_url"],
            response_type=v["response_type"],
            additional_parameters=v["additional_parameters"],
            device_url=v["device_url"],
        )


# ---- AuthToken ------------------------------------------------------------------------------
class _Rotations:
    """What the mail seam's refreshes replaced, shared by the copies of one token.

    Tokens are values: ``t2 = tok`` copies. When a session refreshes a copy (``MaSession.
    AuthToken = t2``) and the provider rotates the refresh token (Microsoft does it on every
    refresh), ``tok`` still holds the old refresh token, now revoked: a ``Sérialise(tok, …)``
    would save a token that can never be refreshed again. So every copy that still holds the
    replaced refresh token takes the new token the next time it is read.
    """

    def __init__(self) -> None:
        self.by_refresh: dict[str, TokenData] = {}


class AuthTokenObject(_HostObject):
    """``AuthToken``: a :class:`~wlmail.oauth.token.TokenData` seen as a WLangage value."""

    wl_type = "auth_token"
    # the server's response holds the access and refresh tokens too
    secret_props = frozenset({"value", "refresh", "server_response"})

    def __init__(self, data: TokenData | None = None) -> None:
        super().__init__()
        self._data = data if data is not None else TokenData()
        self.rotations = _Rotations()

    @property
    def data(self) -> TokenData:
        """The token, after the refreshes a copy of it went through (see :class:`_Rotations`)."""
        seen = 0
        while self._data.refresh_token in self.rotations.by_refresh and seen < 1000:
            self._data = self.rotations.by_refresh[self._data.refresh_token].copy()
            seen += 1
        return self._data

    @data.setter
    def data(self, value: TokenData) -> None:
        self._data = value

    # -- properties ---------------------------------------------------------------------------
    def get(self, pid: str) -> Any:
        d = self.data
        if pid == "valid":
            return d.valid
        if pid == "value":
            return d.access_token
        if pid == "refresh":
            return d.refresh_token
        if pid == "expiration_date":
            if d.expires_at is None:
                return ""
            local = dt.datetime.fromtimestamp(d.expires_at)
            return WLDateTime(local.replace(microsecond=local.microsecond // 10000 * 10000))
        if pid == "server_response":
            return d.server_response
        if pid == "token_type":
            return d.token_type
        if pid == "scope":
            return d.scope
        raise KeyError(pid)

    def set(self, pid: str, value: Any) -> None:
        if pid == "value":
            self.data.access_token = to_str(value)
        elif pid == "refresh":
            self.data.refresh_token = to_str(value)
        elif pid == "expiration_date":
            if value is None or (isinstance(value, str) and not value.strip()):
                self.data.expires_at = None
            else:
                when: WLDateTime = SCALARS["datetime"][0](value)
                self.data.expires_at = when.value.timestamp()
        else:
            raise KeyError(pid)

    # -- interpreter protocol -----------------------------------------------------------------
    def wl_copy(self) -> AuthTokenObject:
        new = AuthTokenObject(self.data.copy())
        new.lang = self.lang
        new.rotations = self.rotations
        return new

    def wl_is_null(self) -> bool:
        """Decision 13: an invalid token compares equal to Null."""
        return not self.data.valid

    # -- mail seam (decision 12) -----------------------------------------------------------------
    def bearer(self) -> str | None:
        """The access token for SASL XOAUTH2, or None when the token is not valid."""
        return self.data.access_token or None

    async def refresh_if_expired(self, rt: Runtime) -> bool:
        """Refresh this token in place when it is (nearly) expired and can be refreshed.

        Returns True when it was refreshed; the copies of this token (the script's variable)
        follow (:class:`_Rotations`). A failed refresh raises ``SMTPFailure("oauth_refresh")``:
        the session does not open (``Faux``) and ``ErreurInfo`` says why and, when the provider
        refused the refresh token, that a new interactive login is needed (issue 19).
        """
        old = self.data
        if not old.expired() or not old.can_refresh():
            return False
        from wlmail.mail.smtp import SMTPFailure
        from wlmail.oauth.flow import options_from_host, refresh

        try:
            new = await refresh(old, options_from_host(rt.host.options))
        except Exception as exc:  # never a traceback from the mail seam
            problem = (
                exc
                if isinstance(exc, OAuthFailure)
                else OAuthFailure("unexpected", detail=f"{type(exc).__name__}: {exc}")
            )
            # the "log in again" line goes after the message, not inside it as an escaped value
            note = rt.msg("oauth_login_again") if _login_needed(problem) else ""
            raise SMTPFailure(
                "oauth_refresh", detail=failure_text(rt, problem), note=note
            ) from None
        self.data = new
        if old.refresh_token and new.refresh_token != old.refresh_token:
            self.rotations.by_refresh[old.refresh_token] = new.copy()
        return True


HOST_FACTORIES.update(oauth2_parameters=OAuth2ParamsObject, auth_token=AuthTokenObject)


# ---- running ----------------------------------------------------------------------------------
def _run(rt: Runtime, coro: Coroutine[Any, Any, T]) -> T:
    """Run on the host loop. Ctrl-C cancels the flow (its listener closes) before propagating
    (``Host.run``); an unexpected exception becomes OAuthFailure("unexpected"), never a
    traceback."""
    try:
        return rt.host.run(coro)
    except OAuthFailure:
        raise
    except WLFault:
        raise
    except Exception as exc:
        raise OAuthFailure("unexpected", detail=f"{type(exc).__name__}: {exc}") from None


def _field_names(rt: Runtime, fields: dict[str, Any]) -> dict[str, Any]:
    """Property ids in messages (``param``) become the property's name in the script's language."""
    values = dict(fields)
    param = values.get("param")
    if param:
        entry = rt.catalog.properties.get(f"oauth2_parameters.{param}")
        if entry is not None:
            values["param"] = entry.name(rt.lang)
    return values


def _printable(value: Any) -> Any:
    """Server-provided text (``error_description``…) enters ``ErreurInfo``: one line, at most
    300 characters, controls, escape sequences and bidi shown escaped (textsafe)."""
    if not isinstance(value, str):
        return value
    return one_line(value)[:300]


def failure_text(rt: Runtime, failure: OAuthFailure) -> str:
    """The ``ErreurInfo`` text of an OAuth failure, in the script's language."""
    values = {k: _printable(v) for k, v in _field_names(rt, failure.fields).items()}
    description = str(values.get("description", "") or "")
    values["description"] = f" ({' '.join(description.split())})" if description else ""
    try:
        return rt.msg(f"oauth_{failure.kind}", **values)
    except (KeyError, IndexError):
        return rt.msg("oauth_unexpected", detail=str(failure))


def refusal_text(rt: Runtime, failure: OAuthFailure) -> str:
    """:func:`failure_text`, plus the "log in again" line when the provider refused the token
    (``invalid_grant``: revoked, expired, already rotated…), not for a network failure."""
    text = failure_text(rt, failure)
    if _login_needed(failure):
        text += "\n" + rt.msg("oauth_login_again")
    return text


def _login_needed(failure: OAuthFailure) -> bool:
    if failure.kind in ("no_refresh_token", "no_token_url"):
        return True
    if failure.kind == "token_error":
        return str(failure.fields.get("error", "")) in (
            "invalid_grant",
            "invalid_client",
            "unauthorized_client",
            "interaction_required",
            "consent_required",
        )
    return failure.kind == "token_http" and failure.fields.get("status") in (400, 401)


def _notifier(rt: Runtime) -> Any:
    def notify(kind: str, **fields: Any) -> None:
        shown = {k: _printable(v) if k != "url" else v for k, v in fields.items()}
        rt.host.error([rt.msg(f"oauth_{kind}", **shown)])

    return notify


def _terminal(rt: Runtime) -> Any:
    """The terminal's lines (pasted addresses) when standard input is one, else None."""
    from wlmail.oauth.headless import on_terminal

    host = rt.host
    if not getattr(host, "interactive", False):
        return None
    try:
        fd = host.stdin.fileno()
    except (AttributeError, OSError, ValueError):
        return None
    return on_terminal(fd)


def _failed(
    rt: Runtime, failure: OAuthFailure, keep: TokenData | None = None, text: str | None = None
) -> AuthTokenObject:
    """Decision 13: an invalid token plus ErreurInfo."""
    rt.fail(text if text is not None else failure_text(rt, failure), ERROR_CODE)
    data = TokenData(server_response=failure.response)
    if keep is not None:
        data.token_url, data.client_id = keep.token_url, keep.client_id
        data.client_secret, data.auth_method = keep.client_secret, keep.auth_method
    token = AuthTokenObject(data)
    token.lang = rt.lang
    return token


# ---- functions ----------------------------------------------------------------------------------
@builtin("auth_identify", fallible=True)
def auth_identify(rt: Runtime, params: Any) -> AuthTokenObject:
    if not isinstance(params, OAuth2ParamsObject):
        expected = get_catalog().types["oauth2_parameters"].name(rt.lang)
        raise WLFault("wrong_type", expected=expected, value=to_str(params))
    from wlmail.oauth.flow import authorize, options_from_host

    options = options_from_host(rt.host.options, notify=_notifier(rt), terminal=_terminal(rt))
    try:
        data = _run(rt, authorize(params.settings(), options))
    except OAuthFailure as failure:
        return _failed(rt, failure)
    token = AuthTokenObject(data)
    token.lang = rt.lang
    return token


@builtin("auth_refresh_token", fallible=True)
def auth_refresh_token(rt: Runtime, token: Any) -> AuthTokenObject:
    if not isinstance(token, AuthTokenObject):
        expected = get_catalog().types["auth_token"].name(rt.lang)
        raise WLFault("wrong_type", expected=expected, value=to_str(token))
    from wlmail.oauth.flow import options_from_host, refresh

    try:
        data = _run(rt, refresh(token.data, options_from_host(rt.host.options)))
    except OAuthFailure as failure:
        return _failed(rt, failure, keep=token.data, text=refusal_text(rt, failure))
    new = AuthTokenObject(data)
    new.lang = rt.lang
    return new


# ---- Sérialise / Désérialise ------------------------------------------------------------------
_FORMATS = (FORMAT_BINARY, FORMAT_JSON, FORMAT_XML)
_PARAMS_KIND = "OAuth2Parameters"


def _plain(value: Any) -> Any:
    """The value of a by-reference argument (see :func:`serialize`), or the value itself."""
    reader = getattr(value, "wl_value", None)
    return reader() if callable(reader) else value


def _format(rt: Runtime, fid: str, value: Any) -> int:
    fmt = to_int(_plain(value))
    if fmt not in _FORMATS:
        name = rt.catalog.functions[fid].name(rt.lang)
        raise WLFault("oauth_serialize_format", name=name, value=fmt)
    return fmt


def _unsupported(rt: Runtime, fid: str, value: Any) -> WLFault:
    owner = getattr(value, "wl_type", "")
    kind = get_catalog().types[owner].name(rt.lang) if owner in get_catalog().types else ""
    name = rt.catalog.functions[fid].name(rt.lang)
    return WLFault("oauth_serialize_unsupported", name=name, type=kind or type(value).__name__)


@builtin("serialize")
def serialize(rt: Runtime, variable: Any, target: Any, fmt: Any) -> None:
    """``Sérialise(var, buf, format)``: ``buf`` is written through the by-reference protocol:
    the compiler passes, for the catalog's ``out`` positions, an object with ``wl_assign(value)``
    and ``wl_value()``."""
    kind = _format(rt, "serialize", fmt)
    value = _plain(variable)
    if isinstance(value, AuthTokenObject):
        data = dump_token(value.data, kind)
    elif isinstance(value, OAuth2ParamsObject):
        data = dump(_PARAMS_KIND, dict(value.values), kind)
    else:
        raise _unsupported(rt, "serialize", value)
    assign = getattr(target, "wl_assign", None)
    if not callable(assign):
        name = rt.catalog.functions["serialize"].name(rt.lang)
        raise WLFault("oauth_serialize_by_reference", name=name)
    assign(data)


@builtin("deserialize")
def deserialize(rt: Runtime, variable: Any, source: Any, fmt: Any) -> None:
    """``Désérialise(var, buf, format)``: fills ``var`` in place; bad data is a fatal error
    (the documented pattern catches it with ``QUAND EXCEPTION``)."""
    kind = _format(rt, "deserialize", fmt)
    value = _plain(variable)
    raw = _plain(source)
    data = raw if isinstance(raw, bytes) else to_str(raw).encode("utf-8")
    try:
        if isinstance(value, AuthTokenObject):
            value.data = load_token(data, kind)
            return
        if isinstance(value, OAuth2ParamsObject):
            types = dict.fromkeys(value.values, str)
            value.values.update(load(_PARAMS_KIND, data, kind, types))
            return
    except SerializeError as exc:
        name = rt.catalog.functions["deserialize"].name(rt.lang)
        raise WLFault("oauth_deserialize_bad", name=name, detail=str(exc)) from None
    raise _unsupported(rt, "deserialize", value)
