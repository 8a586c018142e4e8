"""``wlmail sandbox``: the embedded servers of ``run --sandbox`` as a command of their own.

Other scripts (``wlmail run`` in another terminal), other mail clients (swaks, Thunderbird,
Python's smtplib) and other programs can then use them, as MailHog/Mailpit users expect. The
servers are the very ones ``run --sandbox`` starts (:class:`~wlmail.sandbox.run.Sandbox`): same
SMTP/POP3/IMAP/OAuth servers, same CA, same outbox rulings. What this module adds is the wait
and what it prints on stdout: each address, the CA file, and the ``wlmail run`` options that
send a script's connections there.

The servers run until Ctrl-C (SIGINT), SIGTERM, or ``--for SECONDS``; then they stop, the
temporary CA file is removed and the number of accepted messages is printed on stderr.
"""

from __future__ import annotations

import asyncio
import shlex
import signal
import sys
from collections.abc import Iterable
from typing import TextIO

from wlmail.runtime.host import Host, raise_terminated
from wlmail.textsafe import escape

__all__ = ["connect_options", "sandbox_command"]

#: names the certificate always carries, so clients that connect by address verify it too
DEFAULT_NAMES = ("localhost", "127.0.0.1")


def _route(route: tuple[str, int, str, int]) -> str:
    host1, port1, host2, port2 = route
    return f"--connect-to {host1}:{port1 or ''}:{host2}:{port2}"


def connect_options(options: dict[str, object]) -> str:
    """The ``wlmail run`` options that route a script to these servers (OAuth on 443 first,
    then the receive ports, then SMTP's port 465, then everything else to SMTP)."""
    oauth = list(options.get("oauth_connect_to") or [])  # type: ignore[call-overload]
    routes = list(options.get("connect_to") or [])  # type: ignore[call-overload]
    parts = [_route(("", 443, r[2], r[3])) for r in oauth[:1]]
    parts += [_route(r) for r in routes]
    parts.append(f"--cafile {shlex.quote(str(options.get('cafile')))}")
    return " ".join(parts)


def sandbox_command(
    names: Iterable[str],
    scripts: Iterable[str],
    outbox: str | None,
    duration: float | None,
    read: object,
    out: TextIO | None = None,
) -> int:
    """Start the sandbox, print how to reach it, serve until stopped; the exit status."""
    from wlmail.sandbox.run import SandboxUnavailable, start_sandbox

    out = out or sys.stdout
    texts = []
    for path in scripts:
        try:
            texts.append(read(path))  # type: ignore[operator]
        except OSError as err:
            print(escape(f"wlmail: {path}: {err.strerror}"), file=sys.stderr)
            return 66
    signal.signal(signal.SIGTERM, raise_terminated)
    host = Host()
    extra = [*DEFAULT_NAMES, *(n.strip().lower() for n in names if n.strip())]
    try:
        sandbox = start_sandbox(
            host, "\n".join(texts), outbox, extra_hosts=extra, on_demand_certificates=True
        )
    except SandboxUnavailable as err:
        print(escape(f"wlmail: {err}"), file=sys.stderr)
        host.close()
        return 70
    try:
        _describe(sandbox, out)
        host.run(_serve(duration))
    except KeyboardInterrupt:
        pass  # Ctrl-C or SIGTERM is how a server is stopped: not a failure
    finally:
        host.close()  # the at_exit hook stops the servers and says how many messages came
    return 0


async def _serve(duration: float | None) -> None:
    if duration is None:
        await asyncio.Event().wait()
    else:
        await asyncio.sleep(duration)


def _describe(sandbox: object, out: TextIO) -> None:
    """What a user needs to reach the servers, on stdout (one ``key: value`` per line)."""
    from wlmail.sandbox.run import LOOPBACK, Sandbox

    assert isinstance(sandbox, Sandbox)
    smtp, receive, provider = sandbox.smtp, sandbox.receive, sandbox.provider
    options = sandbox.host.options
    lines = [
        f"smtp: {LOOPBACK}:{smtp.starttls_port} (plain or STARTTLS; a script's port 25 or 587)",
        f"smtps: {LOOPBACK}:{smtp.implicit_port} (TLS; a script's port 465)",
        f"pop3: {LOOPBACK}:{receive.pop3.plain_port} (STLS), "
        f"{LOOPBACK}:{receive.pop3.implicit_port} (TLS)",
        f"imap: {LOOPBACK}:{receive.imap.plain_port} (STARTTLS), "
        f"{LOOPBACK}:{receive.imap.implicit_port} (TLS)",
        f"oauth: https://{LOOPBACK}:{provider.port}/",
        f"cafile: {options['cafile']}",
        f"certificate for: {', '.join(sandbox.hostnames)} (and any other name a client asks "
        "for with SNI)",
        f"outbox: {sandbox.outbox}",
        f"wlmail run {connect_options(options)} SCRIPT.wl",
        f"swaks --server {LOOPBACK}:{smtp.starttls_port} --tls --tls-ca-path "
        f"{shlex.quote(str(options['cafile']))} --auth-user me --auth-password secret "
        "--to you@example.com",
        "Ctrl-C stops the servers.",
    ]
    out.write(escape("\n".join(lines), newlines=True) + "\n")
    out.flush()
