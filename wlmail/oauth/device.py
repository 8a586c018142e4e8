"""The device authorization grant (RFC 8628), a wlmail extension of ``AuthIdentifie``.

WLangage's ``OAuth2Paramètres`` documents the authorization code flow only. A script asks for
the device flow by setting the extension property ``URLCodeAppareil``/``DeviceCodeURL`` (e.g.
``https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode``); left empty, as in
every WINDEV script, nothing changes. Then:

1. POST ``client_id`` and ``scope`` (and ``client_secret`` for a confidential client) to it;
2. print the verification address and the user code (``notify("device_code", …)``);
3. poll the token endpoint with ``grant_type=urn:ietf:params:oauth:grant-type:device_code``,
   waiting ``interval`` seconds (default 5) before each request: ``authorization_pending``
   goes on, ``slow_down`` adds ``FlowOptions.slow_down_step`` (5 s, RFC 8628 §3.5) to the
   interval for good, ``expired_token``, ``access_denied`` (Microsoft: ``authorization_declined``)
   and any other error end the login;
4. give up after the code's ``expires_in`` (or ``oauth_timeout`` when it is set and shorter).

Google's device endpoint answers ``verification_url``, not ``verification_uri``: both are read.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from wlmail.oauth.errors import OAuthFailure
from wlmail.oauth.token import TokenData

__all__ = ["DEVICE_GRANT", "device_authorize"]

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
DEFAULT_INTERVAL = 5.0
DEFAULT_EXPIRES = 900.0
#: errors that end the polling with "the user said no"
_DENIED = frozenset({"access_denied", "authorization_declined"})


async def device_authorize(settings: Any, options: Any) -> TokenData:
    """RFC 8628 from an :class:`~wlmail.oauth.flow.OAuthSettings` with ``device_url``."""
    from wlmail.oauth import flow

    device_url = flow.check_endpoint(settings.device_url, "device_url")
    token_url = flow.check_endpoint(settings.token_url, "token_url")
    if options.browser is None and options.terminal is None:
        raise OAuthFailure("nobody")  # no terminal: nobody would ever read the code
    raw = flow.RawBody()
    async with flow.make_client(
        settings, options, raw, scope=settings.scope.strip() or None
    ) as client:
        grant = await _device_code(client, settings, device_url, options)
        interval = _number(grant.get("interval"), DEFAULT_INTERVAL)
        lifetime = _number(grant.get("expires_in"), DEFAULT_EXPIRES)
        if options.timeout != flow.DEFAULT_TIMEOUT:
            lifetime = min(lifetime, options.timeout)
        options.notify(
            "device_code",
            url=str(grant.get("verification_uri") or grant.get("verification_url")),
            code=str(grant["user_code"]),
            seconds=f"{lifetime:g}",
        )
        deadline = time.monotonic() + lifetime
        while True:
            if time.monotonic() + interval > deadline:
                raise OAuthFailure("device_expired", seconds=f"{lifetime:g}")
            await asyncio.sleep(interval)
            try:
                token = await client.fetch_token(
                    token_url, grant_type=DEVICE_GRANT, device_code=str(grant["device_code"])
                )
            except Exception as exc:
                failure = flow.token_failure(exc, token_url, raw.body, options)
                error = str(failure.fields.get("error", ""))
                if failure.kind == "token_error" and error == "authorization_pending":
                    continue
                if failure.kind == "token_error" and error == "slow_down":
                    interval += options.slow_down_step
                    continue
                if failure.kind == "token_error" and error == "expired_token":
                    raise OAuthFailure("device_expired", seconds=f"{lifetime:g}") from None
                if failure.kind == "token_error" and error in _DENIED:
                    raise OAuthFailure(
                        "denied", error=error, description=failure.fields.get("description", "")
                    ) from None
                raise failure from None
            return flow.token_data(token, raw.body, settings, token_url)


async def _device_code(client: Any, settings: Any, device_url: str, options: Any) -> dict[str, Any]:
    """The device authorization response (RFC 8628 §3.2), checked."""
    from wlmail.oauth import flow

    form = {"client_id": settings.client_id}
    if settings.scope.strip():
        form["scope"] = settings.scope.strip()
    if settings.client_secret:
        form["client_secret"] = settings.client_secret
    try:
        answer = await client.request("POST", device_url, data=form, withhold_token=True)
    except Exception as exc:
        raise flow.token_failure(exc, device_url, b"", options) from None
    body = answer.content
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if isinstance(data, dict) and data.get("error"):
        raise OAuthFailure(
            "token_error",
            url=device_url,
            error=str(data["error"]),
            description=str(data.get("error_description") or ""),
            response=body,
        )
    if answer.status_code != 200:
        raise OAuthFailure("token_http", url=device_url, status=answer.status_code, response=body)
    if not isinstance(data, dict):
        raise OAuthFailure("token_invalid", url=device_url, detail="not JSON", response=body)
    missing = [
        key
        for key in ("device_code", "user_code")
        if not isinstance(data.get(key), str) or not data[key]
    ]
    if not (data.get("verification_uri") or data.get("verification_url")):
        missing.append("verification_uri")
    if missing:
        detail = "missing " + ", ".join(missing)
        raise OAuthFailure("token_invalid", url=device_url, detail=detail, response=body)
    return data


def _number(value: Any, default: float) -> float:
    if isinstance(value, bool):
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        return default
    return number if number >= 0 else default
