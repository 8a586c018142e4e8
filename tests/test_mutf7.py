"""IMAP folder names in modified UTF-7 (RFC 3501 §5.1.3), both ways."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wlmail.mail import mutf7


def test_the_rfc_example_and_the_ampersand() -> None:
    assert mutf7.encode("~peter/mail/台北/日本語") == "~peter/mail/&U,BTFw-/&ZeVnLIqe-"
    assert mutf7.decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-") == "~peter/mail/台北/日本語"
    assert mutf7.encode("Factures & avoirs") == "Factures &- avoirs"
    assert mutf7.encode("Reçus") == "Re&AOc-us"


def test_a_malformed_shifted_run_is_kept_as_sent() -> None:
    assert mutf7.decode("A&Zx-B") == "A&Zx-B"


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_round_trip(name: str) -> None:
    encoded = mutf7.encode(name)
    assert encoded.isascii()
    assert mutf7.decode(encoded) == name
