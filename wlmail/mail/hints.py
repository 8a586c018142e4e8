"""What to do when a server refuses a password because passwords are no longer the way in.

``refusal_hint(reply)`` reads the server's reply (``535 5.7.139 …``) and names the hint that
:func:`wlmail.builtins.mail.failure_text` adds, as one more line, to ``ErreurInfo`` (messages
``mail_refusal_<hint>`` in ``stdlib/messages-mail.toml``). The server's own text is always kept.

* ``oauth``: Microsoft 365 / Exchange Online with basic authentication turned off:
  ``535 5.7.139 Authentication unsuccessful, basic authentication is disabled`` (also "…
  SmtpClientAuthentication is disabled for the Tenant"), ``550 5.7.30 Basic authentication is
  not supported for Client Submission``; only OAuth (XOAUTH2) gets in.
* ``app_password``: Gmail and Google Workspace: ``534 5.7.9 Application-specific password
  required``, ``534 5.7.14 Please log in via your web browser``, and ``535 5.7.8 Username and
  Password not accepted … BadCredentials … gsmtp`` (its generic "wrong password", which with
  2-step verification on means an app password or OAuth is needed). A bare ``535 5.7.8`` from
  another server is just a wrong password: no hint.
"""

from __future__ import annotations

import re

__all__ = ["refusal_hint"]

_ENHANCED = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
_GOOGLE = re.compile(r"gsmtp|google\.com|gmail", re.IGNORECASE)


def refusal_hint(reply: str) -> str:
    """``"oauth"``, ``"app_password"`` or ``""`` for a server reply."""
    codes = {".".join(m.groups()) for m in _ENHANCED.finditer(reply)}
    if "5.7.139" in codes or "5.7.30" in codes:
        return "oauth"
    if "5.7.9" in codes or "5.7.14" in codes:
        return "app_password"
    if "5.7.8" in codes and _GOOGLE.search(reply):
        return "app_password"
    return ""
