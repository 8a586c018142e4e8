"""``EmailSauveFichierAttaché``/``EmailSaveAttachment``: an attachment of a received message
saved to disk.

No page of the function was found in the stored documentation; the name is WINDEV's, the rest a
wlmail ruling (README, "Reading mail"): the first parameter is a name listed in
``Email.Attache`` (the legacy structure, after a read) or an ``emailAttache``; the second the
file to write, or an existing folder, where the attachment's own name is used, reduced to a
bare file name (a name sent as ``../../.bashrc`` cannot leave the folder). ``Faux`` +
``ErreurInfo`` when no such attachment exists or the file cannot be written.
"""

from __future__ import annotations

import os
from typing import Any

from wlmail.builtins import builtin
from wlmail.builtins.files import _path, _write
from wlmail.builtins.mail import _fail, _structure
from wlmail.mail.objects import EmailAttachObject
from wlmail.runtime.state import Runtime
from wlmail.runtime.values import to_str


def safe_name(name: str) -> str:
    """A sent file name as a bare name: no folder part, no control character, never empty."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable()).strip().lstrip(".")
    return base or "piece-jointe"


@builtin("email_save_attachment", fallible=True)
def email_save_attachment(rt: Runtime, attachment: Any, destination: Any) -> bool:
    if isinstance(attachment, EmailAttachObject):
        name, content = to_str(attachment.values["name"]), attachment.values["content"]
        data = content if isinstance(content, bytes) else to_str(content).encode("utf-8")
    else:
        name = to_str(attachment)
        found = [c for n, c in _structure(rt).received if n == name]
        if not found:
            return _fail(rt, rt.msg("receive_no_attachment", name=name))
        data = found[0]
    target = to_str(destination)
    try:
        if target and os.path.isdir(_path(target)):
            target = os.path.join(_path(target), safe_name(name))
    except OSError:
        pass  # a NUL in the path: _write reports it
    return _write(rt, target, data, "wb")
