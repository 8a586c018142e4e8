"""OAuth 2.0 for WLangage scripts: ``AuthIdentifie``, ``AuthRenouvelleToken``, token storage.

* :mod:`wlmail.oauth.flow`: the authorization code flow with ``state`` and PKCE S256, and the
  refresh grant, on authlib's httpx client (decision 14);
* :mod:`wlmail.oauth.listener`: the one-shot loopback listener of ``URLRedirection``;
* :mod:`wlmail.oauth.http`: HTTPS with ``--cafile`` and ``--connect-to`` (decisions 21–22);
* :mod:`wlmail.oauth.token`: what an ``AuthToken`` holds, and ``Sérialise``'s formats;
* :mod:`wlmail.oauth.errors`: :class:`~wlmail.oauth.errors.OAuthFailure`.

The interpreter side (types, functions) is :mod:`wlmail.builtins.oauth`. Nothing is imported here:
a script that never uses OAuth must not pay for authlib and httpx.
"""
