"""``AuthIdentifie`` and ``AuthRenouvelleToken`` on authlib: authorization code + PKCE, refresh.

Decision 14, and authlib's traps (engineering.md §3.2): authlib adds PKCE only when the client has
``code_challenge_method="S256"`` *and* ``code_verifier=`` is passed, and checks ``state`` only when
it is passed to ``fetch_token``. Both are always passed here, and the authorization URL is checked
to carry them before any browser sees it.

The flow, on the run's event loop:

1. check the parameters (https endpoints, or http on loopback only; a loopback redirect);
2. listen on the redirect address (:class:`~wlmail.oauth.listener.CallbackListener`);
3. print the authorization URL (``notify``) and open it: with the sandbox's in-process browser
   when ``options["oauth_browser"]`` is set, otherwise with :mod:`webbrowser` from a daemon
   thread (so ``BROWSER`` works and a browser that never returns cannot block the exit);
4. wait (``options["oauth_timeout"]``, default 300 s) for the one callback with the right state;
5. exchange the code at the token endpoint (``client_secret_post``; ``none`` for a public client),
   through ``--connect-to`` and ``--cafile`` like SMTP.

Every expected failure is an :class:`~wlmail.oauth.errors.OAuthFailure`; nothing else escapes.
"""

from __future__ import annotations

import asyncio
import secrets
import ssl
import threading
import warnings
import webbrowser
from collections.abc import AsyncIterator, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, parse_qsl, urlsplit

import httpx

from wlmail.oauth.errors import OAuthFailure
from wlmail.oauth.headless import browser_available, pasted_callback
from wlmail.oauth.http import Route, client_options, is_loopback_host
from wlmail.oauth.listener import Callback, CallbackListener, Redirect, parse_redirect
from wlmail.oauth.token import TokenData

if TYPE_CHECKING:
    from authlib.integrations.httpx_client import AsyncOAuth2Client

__all__ = [
    "Browser",
    "FlowOptions",
    "OAuthSettings",
    "authorize",
    "options_from_host",
    "refresh",
]

DEFAULT_TIMEOUT = 300.0
DEFAULT_HTTP_TIMEOUT = 60.0
#: parameters the flow sets itself: ParamètresSupplémentaires cannot override them
RESERVED = frozenset(
    {
        "state",
        "code_challenge",
        "code_challenge_method",
        "client_id",
        "redirect_uri",
        "response_type",
    }
)

#: ``browser(url, redirect, (ip, port) actually listened on)``: follows the authorization URL
Browser = Callable[[str, Redirect, tuple[str, int]], Coroutine[Any, Any, None]]
#: ``notify(kind, **fields)``: a line for the user (``open_url``, ``waiting``…)
Notify = Callable[..., None]
#: the lines typed on the terminal (see :func:`wlmail.oauth.headless.read_lines`)
Lines = Callable[[], AsyncIterator[str]]


@dataclass
class OAuthSettings:
    """What an ``OAuth2Paramètres`` says."""

    client_id: str
    client_secret: str = field(default="", repr=False)
    auth_url: str = ""
    token_url: str = ""
    scope: str = ""
    redirect_url: str = ""
    response_type: str = "code"
    additional_parameters: str = ""
    #: wlmail extension (``URLCodeAppareil``): non-empty = device authorization grant (RFC 8628)
    device_url: str = ""

    @property
    def auth_method(self) -> str:
        return "client_secret_post" if self.client_secret else "none"


@dataclass
class FlowOptions:
    """Run options that matter to OAuth (from ``Host.options``)."""

    connect_to: Sequence[Route] = ()
    cafile: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    http_timeout: float = DEFAULT_HTTP_TIMEOUT
    browser: Browser | None = None
    any_port: bool = False
    notify: Notify = field(default=lambda kind, **fields: None)
    #: ``--no-browser``: never try to open one (print the URL, accept a pasted address)
    no_browser: bool = False
    #: the terminal's lines, or None when standard input is not a terminal
    terminal: Lines | None = None
    #: whether a browser can be opened (:func:`~wlmail.oauth.headless.browser_available`)
    browser_check: Callable[[], bool] = browser_available
    #: seconds added to the device flow's polling interval at each ``slow_down`` (RFC 8628)
    slow_down_step: float = 5.0


def options_from_host(
    options: dict[str, Any], notify: Notify | None = None, terminal: Lines | None = None
) -> FlowOptions:
    """``connect_to``, ``cafile``, ``timeout`` (per request), ``oauth_timeout`` (the wait for
    the browser), ``oauth_browser`` and ``oauth_any_port`` (sandbox), ``no_browser`` and
    ``oauth_slow_down`` from ``Host.options``; ``terminal`` from the host."""
    routes = options.get("oauth_connect_to") or options.get("connect_to") or ()
    wait = options.get("oauth_timeout")
    per_request = options.get("timeout")
    step = options.get("oauth_slow_down")
    return FlowOptions(
        connect_to=tuple(routes),
        cafile=options.get("cafile") or None,
        timeout=float(wait) if wait else DEFAULT_TIMEOUT,
        http_timeout=float(per_request) if per_request else DEFAULT_HTTP_TIMEOUT,
        browser=options.get("oauth_browser"),
        any_port=bool(options.get("oauth_any_port")),
        notify=notify or (lambda kind, **fields: None),
        no_browser=bool(options.get("no_browser")),
        terminal=terminal,
        slow_down_step=float(step) if step is not None else 5.0,
    )


# ---- checks -------------------------------------------------------------------------------
def _check_endpoint(url: str, param: str) -> str:
    text = url.strip()
    if not text:
        raise OAuthFailure("missing_param", param=param)
    try:
        parts = urlsplit(text)
        _ = parts.port
    except ValueError:
        raise OAuthFailure("bad_url", param=param, url=text) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise OAuthFailure("bad_url", param=param, url=text)
    if scheme == "http" and not is_loopback_host(parts.hostname):
        raise OAuthFailure("insecure_url", param=param, url=text)
    return text


def _extra_parameters(text: str) -> dict[str, str]:
    extra: dict[str, str] = {}
    for key, value in parse_qsl(text.strip().lstrip("?&"), keep_blank_values=True):
        if key and key not in RESERVED:
            extra[key] = value
    return extra


# ---- authlib client -----------------------------------------------------------------------
def _client_class() -> type[AsyncOAuth2Client]:
    """authlib's httpx client. Importing it warns "use httpx2 instead" (authlib >= 1.8 with
    httpx): not something our users can act on. ``authlib.deprecate`` installs an "always"
    filter for its warnings when first imported, so ours must come after it."""
    with warnings.catch_warnings():
        from authlib.deprecate import AuthlibDeprecationWarning

        warnings.simplefilter("ignore", AuthlibDeprecationWarning)
        from authlib.integrations.httpx_client import AsyncOAuth2Client

    return AsyncOAuth2Client  # type: ignore[no-any-return]


def _oauth_error_class() -> type[Exception]:
    _client_class()
    from authlib.integrations.base_client.errors import OAuthError

    return OAuthError  # type: ignore[no-any-return]


class _Raw:
    """Keeps the body of the token endpoint's last answer (authlib parses it away)."""

    def __init__(self) -> None:
        self.body = b""

    def __call__(self, response: httpx.Response) -> httpx.Response:
        self.body = response.content
        return response


def _client(
    settings: OAuthSettings, options: FlowOptions, raw: _Raw, **kwargs: Any
) -> AsyncOAuth2Client:
    host = urlsplit(settings.token_url.strip()).hostname or ""
    client = _client_class()(
        client_id=settings.client_id,
        client_secret=settings.client_secret or None,
        token_endpoint_auth_method=settings.auth_method,
        **client_options(options.cafile, options.connect_to, direct=is_loopback_host(host)),
        timeout=options.http_timeout,
        follow_redirects=False,
        **kwargs,
    )
    client.register_compliance_hook("access_token_response", raw)
    client.register_compliance_hook("refresh_token_response", raw)
    return client


# ---- the authorization code flow ----------------------------------------------------------
async def authorize(settings: OAuthSettings, options: FlowOptions) -> TokenData:
    """Run the whole flow; the token, or OAuthFailure."""
    if not settings.client_id.strip():
        raise OAuthFailure("missing_param", param="client_id")
    if settings.device_url.strip():
        from wlmail.oauth.device import device_authorize

        return await device_authorize(settings, options)
    auth_url = _check_endpoint(settings.auth_url, "auth_url")
    token_url = _check_endpoint(settings.token_url, "token_url")
    response_type = settings.response_type.strip().lower() or "code"
    if response_type != "code":
        raise OAuthFailure("response_type", value=settings.response_type)
    redirect = parse_redirect(settings.redirect_url)
    headless = options.browser is None and (options.no_browser or not options.browser_check())
    state = secrets.token_urlsafe(24)
    verifier = secrets.token_urlsafe(48)  # 64 characters of [A-Za-z0-9_-] (RFC 7636 §4.1)
    raw = _Raw()
    async with _client(
        settings,
        options,
        raw,
        scope=settings.scope.strip() or None,
        redirect_uri=redirect.url,
        code_challenge_method="S256",
    ) as client:
        url, _ = client.create_authorization_url(
            auth_url,
            state=state,
            code_verifier=verifier,
            **_extra_parameters(settings.additional_parameters),
        )
        _check_authorization_url(url, state)
        callback = await _get_callback(url, redirect, state, options, headless)
        if callback.error:
            raise OAuthFailure(
                "denied",
                error=callback.error,
                description=callback.params.get("error_description", ""),
            )
        try:
            token = await client.fetch_token(
                token_url,
                authorization_response=callback.url,
                code_verifier=verifier,
                state=state,
            )
        except Exception as exc:
            raise _token_failure(exc, token_url, raw.body, options) from None
    return _token_data(token, raw.body, settings, token_url)


def _check_authorization_url(url: str, state: str) -> None:
    """Guard against authlib's silent fallbacks: the URL must carry state and PKCE S256."""
    query = parse_qs(urlsplit(url).query)
    if (
        query.get("state") != [state]
        or query.get("code_challenge_method") != ["S256"]
        or not query.get("code_challenge")
    ):
        raise RuntimeError(
            "authorization URL without state or PKCE S256"
        )  # a bug, not a user error


async def _get_callback(
    url: str, redirect: Redirect, state: str, options: FlowOptions, headless: bool = False
) -> Callback:
    """The callback, from the listener or, ``headless`` (no browser), pasted on the terminal."""
    listener = CallbackListener(redirect, state, any_port=options.any_port)
    await listener.start()
    browser_task: asyncio.Task[None] | None = None
    paste_task: asyncio.Task[None] | None = None
    paste = options.terminal if headless else None
    try:
        if headless and paste is None:
            raise OAuthFailure("nobody")  # cron: never wait for a login nobody will do
        options.notify("open_url", url=url)
        options.notify("waiting", redirect=redirect.url, seconds=f"{options.timeout:g}")
        if paste is not None:
            options.notify("paste", redirect=redirect.origin + redirect.path)
            paste_task = asyncio.get_running_loop().create_task(
                _read_pasted(paste, listener, redirect, state, options)
            )
        elif options.browser is not None:
            browser_task = asyncio.get_running_loop().create_task(
                options.browser(url, redirect, listener.address)
            )
        else:
            threading.Thread(
                target=_open_in_browser, args=(url,), name="wlmail-browser", daemon=True
            ).start()
        waiting = asyncio.ensure_future(listener.wait(options.timeout))
        if browser_task is not None:
            await asyncio.wait({waiting, browser_task}, return_when=asyncio.FIRST_COMPLETED)
            if not waiting.done() and browser_task.done():
                failure = browser_task.exception()
                if failure is not None:
                    waiting.cancel()
                    if isinstance(failure, OAuthFailure):
                        raise failure
                    raise OAuthFailure("browser", detail=_one_line(str(failure) or repr(failure)))
        return await waiting
    finally:
        for task in (browser_task, paste_task):
            if task is not None and not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        await listener.close()


async def _read_pasted(
    paste: Lines, listener: CallbackListener, redirect: Redirect, state: str, options: FlowOptions
) -> None:
    """Feed the listener with what is pasted on the terminal (the first good line wins)."""
    async for line in paste():
        found = pasted_callback(line, redirect, state)
        if isinstance(found, Callback):
            listener.deliver(found)
            return
        if found != "empty":
            options.notify(f"paste_{found}")


def _open_in_browser(url: str) -> None:
    """``webbrowser.open`` (honours ``BROWSER``); a browser that fails is not an error: the
    URL was printed, the user can open it by hand."""
    try:
        webbrowser.open(url, new=1)
    except Exception:  # webbrowser may raise anything from a broken BROWSER setting
        pass


# ---- refresh --------------------------------------------------------------------------------
async def refresh(token: TokenData, options: FlowOptions) -> TokenData:
    """A new token from ``token``'s refresh token, its token URL and its client."""
    if not token.refresh_token:
        raise OAuthFailure("no_refresh_token")
    if not token.token_url or not token.client_id:
        raise OAuthFailure("no_token_url")
    token_url = _check_endpoint(token.token_url, "token_url")
    settings = OAuthSettings(
        client_id=token.client_id, client_secret=token.client_secret, token_url=token_url
    )
    raw = _Raw()
    async with _client(settings, options, raw) as client:
        try:
            answer = await client.refresh_token(token_url, refresh_token=token.refresh_token)
        except Exception as exc:
            raise _token_failure(exc, token_url, raw.body, options) from None
    return _token_data(answer, raw.body, settings, token_url, previous=token)


def _token_data(
    token: Any,
    body: bytes,
    settings: OAuthSettings,
    token_url: str,
    previous: TokenData | None = None,
) -> TokenData:
    if not isinstance(token, dict) or not token.get("access_token"):
        raise OAuthFailure("token_invalid", url=token_url, detail="no access_token", response=body)
    return TokenData.from_response(
        token,
        body,
        token_url=token_url,
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        auth_method=settings.auth_method,
        previous=previous,
    )


# ---- errors ---------------------------------------------------------------------------------
def _token_failure(exc: BaseException, url: str, body: bytes, options: FlowOptions) -> OAuthFailure:
    """Translate what authlib/httpx raised at the token endpoint."""
    if isinstance(exc, OAuthFailure):
        return exc
    if isinstance(exc, _oauth_error_class()):
        error = str(getattr(exc, "error", "") or "error")
        description = str(getattr(exc, "description", "") or "")
        return OAuthFailure(
            "token_error", url=url, error=error, description=description, response=body
        )
    if isinstance(exc, httpx.HTTPStatusError):
        return OAuthFailure("token_http", url=url, status=exc.response.status_code, response=body)
    if isinstance(exc, httpx.TimeoutException):
        return OAuthFailure("token_timeout", url=url, seconds=f"{options.http_timeout:g}")
    cert = _cause(exc, ssl.SSLCertVerificationError)
    if cert is not None:
        assert isinstance(cert, ssl.SSLCertVerificationError)
        detail = cert.verify_message or str(cert)
        return OAuthFailure(
            "token_certificate",
            url=url,
            host=urlsplit(url).hostname or "",
            detail=_one_line(detail),
        )
    if isinstance(exc, httpx.TransportError | OSError):
        return OAuthFailure("token_connect", url=url, detail=_detail(exc))
    if isinstance(exc, ValueError):
        return OAuthFailure("token_invalid", url=url, detail=_one_line(str(exc)), response=body)
    return OAuthFailure("token_connect", url=url, detail=_detail(exc))


def _cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            return None
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _detail(exc: BaseException) -> str:
    os_error = _cause(exc, OSError)
    if isinstance(os_error, OSError) and os_error.strerror:
        return os_error.strerror
    return _one_line(str(exc)) or type(exc).__name__


def _one_line(text: str) -> str:
    return " ".join(text.split())


# names for wlmail.oauth.device
check_endpoint = _check_endpoint
make_client = _client
RawBody = _Raw
token_failure = _token_failure
token_data = _token_data
