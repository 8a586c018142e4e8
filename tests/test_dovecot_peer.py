"""The private Dovecot instance of the receive tests speaks POP3 and IMAP to third-party clients.

Python's own ``poplib`` and ``imaplib`` check the peer the wlmail receive tests rely on: every
listener (STARTTLS/STLS and implicit TLS with the test CA), the passwd-file login, seeded
messages with their seen flag, and a clean stop.
"""

from __future__ import annotations

import imaplib
import poplib
import ssl

import pytest
from dovecot import BIND, Dovecot

MESSAGE = (
    b"From: Bob <bob@exemple.fr>\r\nTo: alice@exemple.fr\r\nSubject: Relev\xc3\xa9\r\n\r\nA\r\n"
)


def test_imap_with_starttls_and_implicit_tls(dovecot: Dovecot, context: ssl.SSLContext) -> None:
    dovecot.clear("alice")
    dovecot.deliver("alice", MESSAGE)
    dovecot.deliver("alice", MESSAGE, seen=True)
    imap = imaplib.IMAP4(BIND, dovecot.ports["imap"])
    imap.starttls(ssl_context=context)
    assert imap.login("alice", "secret")[0] == "OK"
    assert imap.select("INBOX") == ("OK", [b"2"])
    assert imap.search(None, "UNSEEN") == ("OK", [b"1"])
    imap.logout()
    imaps = imaplib.IMAP4_SSL(BIND, dovecot.ports["imaps"], ssl_context=context)
    assert imaps.login("alice", "secret")[0] == "OK"
    imaps.logout()


def test_pop3_with_stls_and_implicit_tls(dovecot: Dovecot, context: ssl.SSLContext) -> None:
    dovecot.clear("alice")
    dovecot.deliver("alice", MESSAGE)
    pop = poplib.POP3(BIND, dovecot.ports["pop3"])
    pop.stls(context=context)
    pop.user("alice")
    pop.pass_("secret")
    assert pop.stat() == (1, len(MESSAGE))
    assert b"\r\n".join(pop.retr(1)[1]) + b"\r\n" == MESSAGE
    pop.quit()
    pops = poplib.POP3_SSL(BIND, dovecot.ports["pop3s"], context=context)
    pops.user("alice")
    with pytest.raises(poplib.error_proto, match="Authentication failed"):
        pops.pass_("wrong")
    pops.close()
