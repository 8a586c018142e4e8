"""Why an OAuth operation failed, in a form the builtins turn into an ``ErreurInfo`` text."""

from __future__ import annotations

from typing import Any

from wlmail.textsafe import one_line

__all__ = ["OAuthFailure"]


class OAuthFailure(Exception):
    """An expected failure of the flow, a refresh or a token request.

    ``kind`` names the message ``oauth_<kind>`` of ``stdlib/messages-oauth.toml``; ``fields`` fill
    its placeholders. ``response`` is the raw answer of the token endpoint, when there was one
    (kept in the failed token's ``RéponseServeur``). Never carries a secret. Its ``str`` shows
    the fields the provider wrote (``error_description``…) escaped on one line (textsafe).
    """

    def __init__(self, kind: str, response: bytes = b"", **fields: Any) -> None:
        self.kind = kind
        self.response = response
        self.fields = fields
        detail = ", ".join(f"{k}={one_line(str(v))}" for k, v in fields.items())
        super().__init__(f"{kind}: {detail}" if detail else kind)
