"""Address syntax of the messages wlmail writes: an addr-spec checked and normalized.

RFC 5321/5322 as real servers take them: dot-atom or quoted local part, IDN domains in
punycode, IP literals; no space or control character anywhere (``mime.py`` builds the
mailboxes of a message with these checks).
"""

import ipaddress
import re

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL = re.compile(rf'{_ATOM}(?:\.{_ATOM})*|"(?:[\x21\x23-\x5b\x5d-\x7e]|\\[\x21-\x7e])+"')
#: a domain label; ``_`` is not allowed by RFC 5321 (a "Let-dig-hyp" host name) but real
#: servers accept it and PC SOFT's own examples use it (``support_test@pcsoft_test.fr``):
#: accepted, and :func:`underscore_domain` lets the caller warn (issue 16)
_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)")
_BAD_ADDR_CHAR = re.compile(r"[\s\x00-\x1f\x7f<>]")


def check_address_syntax(addr: str) -> bool:
    """True when ``addr`` is a bare ``local@domain`` usable on the Internet.

    The domain needs a dot (or is an IP literal such as ``[192.0.2.1]``); no spaces or control
    characters; local part ≤ 64 and whole address ≤ 254 characters (RFC 5321). Non-ASCII
    domains are accepted (IDNA), non-ASCII local parts are not (no SMTPUTF8 support).
    """
    return normalize_addr_spec(addr, require_dot=True) is not None


def underscore_domain(addr: str) -> bool:
    """Does the domain of ``addr`` (an addr-spec) hold a ``_``, which RFC 5321 forbids?"""
    return "_" in addr.rpartition("@")[2]


def normalize_addr_spec(addr: str, *, require_dot: bool) -> str | None:
    if not addr or _BAD_ADDR_CHAR.search(addr):
        return None
    local, at, domain = addr.rpartition("@")
    if not at or not _LOCAL.fullmatch(local):
        return None
    ascii_domain = _normalize_domain(domain, require_dot=require_dot)
    if ascii_domain is None:
        return None
    result = f"{local}@{ascii_domain}"
    if len(local) > 64 or len(result) > 254:
        return None
    return result


def _normalize_domain(domain: str, *, require_dot: bool) -> str | None:
    if domain.startswith("[") and domain.endswith("]"):
        return domain if _ip_literal_ok(domain[1:-1]) else None
    try:
        ascii_domain = domain if domain.isascii() else domain.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    labels = ascii_domain.split(".")
    if not all(_LABEL.fullmatch(label) for label in labels):
        return None
    if require_dot and (len(labels) < 2 or labels[-1].isdigit()):
        return None
    return ascii_domain


def _ip_literal_ok(literal: str) -> bool:
    try:
        if literal[:5].lower() == "ipv6:":
            ipaddress.IPv6Address(literal[5:])
        else:
            ipaddress.IPv4Address(literal)
    except ValueError:
        return False
    return True
