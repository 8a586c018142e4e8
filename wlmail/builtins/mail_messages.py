"""Mail functions on messages: building and importing a source, attaching a file, resetting an
``Email``, checking an address. No network: they work on the values of ``mail/mime.py``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from wlmail.builtins import builtin
from wlmail.builtins.mail import (
    OPTION_HEADER_BCC,
    _email,
    _fail,
    _message,
    _property_name,
    _spec,
    _store_message_id,
    mail_error_text,
    warn_underscore,
)
from wlmail.catalog import get_catalog
from wlmail.mail.convert import file_name, header_block, spec_to_object
from wlmail.mail.mime import (
    MailError,
    build_with_envelope,
    check_address_syntax,
    forbidden_char,
    guess_content_type,
    render_stream,
)
from wlmail.mail.objects import EmailAttachObject, EmailObject
from wlmail.mail.parse import parse_source
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import to_int, to_str

ADDRESS_VALID = get_catalog().constants["email_address_valid"].value
ADDRESS_BAD_SYNTAX = get_catalog().constants["email_address_incorrect_syntax"].value


@builtin("email_build_source", fallible=True)
def email_build_source(rt: Runtime, message: Any = None, options: Any = 0) -> bool:
    if isinstance(message, bool | int):
        message, options = None, message
    obj = _message(rt, message)
    bcc_header = bool(to_int(options) & OPTION_HEADER_BCC) if options is not None else False
    try:
        spec = _spec(obj)
        msg, mid, sender, recipients = build_with_envelope(spec, bcc_header=bcc_header)
    except MailError as err:
        return _fail(rt, mail_error_text(rt, obj, err), 1, obj)
    warn_underscore(rt, [sender, *recipients])
    data = render_stream(msg)
    text = data.text()
    _store_message_id(obj, mid, generated=not spec.message_id)
    obj.values["source"] = text
    if isinstance(obj, EmailObject):
        obj.values["header"] = header_block(text)
    # the stream re-reads the attachments it shares with the message: no copy is kept
    obj.built = None if bcc_header else (dataclasses.replace(spec, message_id=mid), text, data)
    return True


@builtin("email_import_source", fallible=True)
def email_import_source(rt: Runtime, message: Any = None) -> bool:
    obj = _message(rt, message)
    source = to_str(obj.values["source"])
    if not source.strip():
        return _fail(rt, rt.msg("mail_source_empty"), 1, obj)
    try:
        spec = parse_source(source.encode("utf-8", "surrogateescape"))
    except (MailError, ValueError, LookupError) as err:
        return _fail(rt, rt.msg("mail_bad_source", detail=str(err)), 1, obj)
    spec_to_object(spec, obj)
    obj.built, obj.generated_mid = None, ""
    if isinstance(obj, EmailObject):
        obj.values["header"] = header_block(source)
    return True


@builtin("email_load_attachment", fallible=True)
def email_load_attachment(rt: Runtime, message: Any, path: Any, name: Any = None) -> bool:
    obj = _email(message)
    file = to_str(path)
    try:
        content = Path(file).read_bytes()
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        reason = getattr(exc, "strerror", None) or str(exc)
        return _fail(rt, rt.msg("mail_file", path=file, reason=reason))
    shown = to_str(name) if name is not None and to_str(name) else file_name(file)
    char = forbidden_char(shown)
    if char is not None:
        field = _property_name(rt, "email_attach", "name")
        return _fail(rt, rt.msg("mail_injection", field=field, char=char))
    att = EmailAttachObject()
    att.values.update(name=shown, content=content, content_type=guess_content_type(shown))
    obj.values["attach"].items.append(att)
    return True


@builtin("email_reset")
def email_reset(rt: Runtime, message: Any = None) -> None:
    obj = _message(rt, message)
    obj.reset()


@builtin("email_check_address")
def email_check_address(rt: Runtime, address: Any, *ignored: Any) -> int:
    text = to_str(address).strip()
    valid = check_address_syntax(text)
    if valid:
        warn_underscore(rt, [text])
    return int(ADDRESS_VALID if valid else ADDRESS_BAD_SYNTAX)
