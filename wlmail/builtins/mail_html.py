"""``EmailImporteHTML``/``EmailImportHTML``: an HTML page becomes the HTML body of a message,
its local images inline parts referenced by ``cid:``.

Ruling (the stored documentation pages do not describe it): every ``src="…"`` and
``background="…"`` attribute that names a local file (not ``http:``, ``https:``, ``cid:``,
``data:`` or ``mailto:``) is read from the images directory given (else the current
directory), attached once with a ``Content-ID`` made from its file name, and the attribute
rewritten to ``cid:…``. A missing image makes the function fail (Faux + ErreurInfo) and leaves
the message as it was. The text body (``Message``) is left alone.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from wlmail.builtins import builtin
from wlmail.builtins.files import _path
from wlmail.builtins.mail import _fail, _message
from wlmail.mail.convert import file_name
from wlmail.mail.mime import guess_content_type
from wlmail.mail.objects import EmailAttachObject, EmailObject
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import to_str

_ATTR = re.compile(
    r"""(?P<attr>\b(?:src|background)\s*=\s*)(?P<q>["']?)(?P<url>[^"'\s>]+)(?P=q)""", re.I
)
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


@builtin("email_import_html", fallible=True)
def email_import_html(rt: Runtime, message: Any, html: Any, images: Any = None) -> bool:
    obj = _message(rt, message)
    folder = _path(images) if images is not None and to_str(images) else os.getcwd()
    text = to_str(html)
    parts: dict[str, tuple[str, str, bytes]] = {}  # url -> (content id, name, bytes)
    for m in _ATTR.finditer(text):
        url = m.group("url")
        if url in parts or (_REMOTE.match(url) and not re.match(r"^[a-z]:[\\/]", url, re.I)):
            continue
        path = os.path.join(folder, _path(url))
        try:
            content = Path(path).read_bytes()
        except OSError as err:
            return _fail(rt, rt.msg("mail_html_image", path=url, reason=err.strerror or str(err)))
        name = file_name(path)
        cid = f"{len(parts) + 1}.{re.sub(r'[^A-Za-z0-9._-]', '_', name)}"
        parts[url] = (cid, name, content)

    def to_cid(m: re.Match[str]) -> str:
        part = parts.get(m.group("url"))
        if part is None:
            return m.group(0)
        return f"{m.group('attr')}{m.group('q')}cid:{part[0]}{m.group('q')}"

    obj.values["html"] = _ATTR.sub(to_cid, text)
    for cid, name, content in parts.values():
        if isinstance(obj, EmailObject):
            att = EmailAttachObject()
            att.values.update(
                name=name, content=content, content_type=guess_content_type(name), identifier=cid
            )
            obj.values["attach"].items.append(att)
        else:  # the legacy structure names files: it reads them when sending
            obj.values["attach"].items.append(os.path.join(folder, name))
            obj.values["attach_identifier"].items.append(cid)
    return True
