"""Embedded servers used by ``wlmail run --sandbox`` and by the test suite.

* :mod:`wlmail.sandbox.certs`: :class:`~wlmail.sandbox.certs.RunCA`, a certificate authority made
  for one run, whose leaf certificate carries ``127.0.0.1``, ``localhost`` and the script's host
  names (so routed connections still verify against the name the script asked for).
* :mod:`wlmail.sandbox.smtp_server`: :class:`~wlmail.sandbox.smtp_server.SandboxSMTP`, an SMTP
  server (STARTTLS and implicit TLS, AUTH PLAIN/LOGIN/XOAUTH2) that records every accepted message.

Nothing is imported here on purpose: the sandbox needs ``aiosmtpd`` and ``trustme`` (the
``sandbox`` extra), and a normal run must not import them.
"""
