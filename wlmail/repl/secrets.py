"""What the REPL shows of values and keeps of inputs: passwords and tokens masked by name and
by object, text from outside escaped before the terminal, and a history file that never stores
an input assigning a literal secret."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from prompt_toolkit.history import FileHistory, History, InMemoryHistory

from wlmail.catalog import fold
from wlmail.textsafe import escape

SECRET_NAME = re.compile(r"motdepasse|password|passwd|pwd|secret|token|jeton|apikey|cleapi")
_SECRET_ASSIGN = re.compile(SECRET_NAME.pattern + r"\w*\s*=\s*\"")
MASK = "********"


def terminal_text(text: str) -> str:
    """What the REPL itself writes about a value: line breaks kept, every control character,
    escape sequence and bidi override shown escaped (textsafe), whoever made the value."""
    return escape(text.replace("\r\n", "\n"), newlines=True)


def is_secret_name(name: str) -> bool:
    return SECRET_NAME.search(fold(name)) is not None


def safe_display(value: Any, name: str = "") -> str:
    """``display`` with passwords and tokens masked (by name, and by the object itself)."""
    from wlmail.oauth.token import PrivateBytes
    from wlmail.runtime.values import WLArray, WLAssoc, WLStruct, display

    if name and is_secret_name(name) and value not in (None, ""):
        return MASK
    if isinstance(value, PrivateBytes):  # made by Sérialise: holds tokens and client secrets
        return MASK
    if isinstance(value, WLStruct):
        inner = ", ".join(
            f"{value.names[k]}={safe_display(v, value.names[k])}" for k, v in value.fields.items()
        )
        return f"{value.type_name}({inner})"
    if isinstance(value, WLArray):
        return "[" + ", ".join(safe_display(v, name) for v in value.items) + "]"
    if isinstance(value, WLAssoc):
        items = ", ".join(f"{k!r}: {safe_display(v, str(k))}" for k, v in value.items.items())
        return "{" + items + "}"
    return display(value)


def _is_secret_member(rt: Any, obj: Any, key: str) -> bool:
    """``obj.key`` is a property its object keeps secret (``AuthToken.Valeur``…)."""
    secret: frozenset[str] = getattr(obj, "secret_props", frozenset())
    entry = rt.catalog.prop(getattr(obj, "wl_type", ""), key) if secret else None
    return entry is not None and entry.id.partition(".")[2] in secret


class PrivateHistory(FileHistory):
    """File history that keeps inputs assigning a literal password or token in memory only."""

    def store_string(self, string: str) -> None:
        if _SECRET_ASSIGN.search(fold(string)):
            return
        super().store_string(string)


def history_file() -> History:
    """History in the user's state directory (``platformdirs``), private to the user."""
    try:
        import platformdirs

        directory = Path(platformdirs.user_state_dir("wlmail"))
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "repl_history"
        os.close(os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600))
        return PrivateHistory(str(path))
    except OSError:
        return InMemoryHistory()
