"""The sandbox provider's device authorization grant (RFC 8628), on authlib's server classes.

A ``POST`` to a path ending in ``/devicecode`` (Microsoft), ``/device/code`` (Google),
``/device_authorization`` or ``/device`` is the device authorization endpoint; the token
endpoint accepts ``grant_type=urn:ietf:params:oauth:grant-type:device_code``. The sandbox user
"approves" by itself: the first polls get the answers of ``DevicePolicy.answers``
(``authorization_pending`` by default; ``slow_down`` can be scripted), the next one the token.
A poll that comes before the interval is over gets ``slow_down`` whatever the script says, so
the client's pacing is really checked. Every poll is recorded in ``DevicePolicy.polls``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from authlib.oauth2.rfc8628 import (
    DEVICE_CODE_GRANT_TYPE,
    DeviceAuthorizationEndpoint,
    DeviceCodeGrant,
    DeviceCredentialMixin,
)

__all__ = [
    "DEVICE_CODE_GRANT_TYPE",
    "DEVICE_PATH",
    "DeviceCredential",
    "DeviceEndpoint",
    "DeviceGrant",
    "DevicePolicy",
]

DEVICE_PATH = re.compile(r"/(?:devicecode|device/code|device_authorization|device)/?$", re.I)
#: tolerance on the client's pacing (timer granularity, transit)
EARLY = 0.02


@dataclass
class DevicePolicy:
    """How the sandbox user answers device logins, and what the polls looked like."""

    interval: float = 1.0
    expires_in: int = 600
    answers: Sequence[str] = ("authorization_pending",)
    #: (monotonic time, device credential's user code, answer given) per poll
    polls: list[tuple[float, str, str]] = field(default_factory=list)


@dataclass
class DeviceCredential(DeviceCredentialMixin):  # type: ignore[misc]
    client_id: str
    scope: str
    device_code: str = field(repr=False)
    user_code: str
    expires_at: float
    interval: float
    polls: int = 0
    last_poll: float | None = None

    def get_client_id(self) -> str:
        return self.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_user_code(self) -> str:
        return self.user_code

    def is_expired(self) -> bool:
        return time.time() >= self.expires_at


class DeviceEndpoint(DeviceAuthorizationEndpoint):  # type: ignore[misc]
    """Issues device and user codes; the verification address is the request's own host."""

    def create_endpoint_response(self, request: Any) -> Any:
        policy: DevicePolicy = self.server.device_policy
        self.EXPIRES_IN = policy.expires_in
        self.INTERVAL = policy.interval
        self._host = request.headers.get("host", "sandbox.wlmail.localhost")
        return super().create_endpoint_response(request)

    def get_verification_uri(self) -> str:
        return f"https://{self._host}/device"

    def save_device_credential(self, client_id: str, scope: str, data: dict[str, Any]) -> None:
        item = DeviceCredential(
            client_id=client_id,
            scope=scope or "",
            device_code=data["device_code"],
            user_code=data["user_code"],
            expires_at=time.time() + float(data["expires_in"]),
            interval=float(data["interval"]),
        )
        self.server.store.devices[item.device_code] = item


class DeviceGrant(DeviceCodeGrant):  # type: ignore[misc]
    """Polling: the scripted answers, then approval by the sandbox user."""

    def query_device_credential(self, device_code: str) -> DeviceCredential | None:
        item: DeviceCredential | None = self.server.store.devices.get(device_code)
        if item is None:
            return None
        now = time.monotonic()
        policy: DevicePolicy = self.server.device_policy
        early = item.last_poll is not None and now - item.last_poll < item.interval - EARLY
        scripted = policy.answers[item.polls] if item.polls < len(policy.answers) else "approve"
        self._answer = "slow_down" if early else scripted
        if self._answer == "slow_down":
            item.interval += 5.0 if early else 0.0  # RFC 8628 §3.5 (a scripted one is free)
        item.polls += 1
        item.last_poll = now
        policy.polls.append((now, item.user_code, self._answer))
        return item

    def query_user_grant(self, user_code: str) -> tuple[str, bool] | None:
        if self._answer == "approve":
            return self.server.sandbox_user, True
        if self._answer == "access_denied":
            return self.server.sandbox_user, False
        return None

    def should_slow_down(self, credential: DeviceCredential) -> bool:
        return bool(self._answer == "slow_down")

    def validate_device_credential(self, credential: DeviceCredential) -> Any:
        user = super().validate_device_credential(credential)
        self.server.store.devices.pop(credential.device_code, None)  # one token per code
        return user
