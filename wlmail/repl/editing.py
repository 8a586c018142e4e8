"""Editing keys of the REPL: Enter, Tab and Backspace aware of WLangage's blocks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from prompt_toolkit.application.current import get_app_or_none
from prompt_toolkit.buffer import CompletionState
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.completion.base import get_common_complete_suffix
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

from wlmail.repl.completer import signature
from wlmail.repl.console_messages import message
from wlmail.repl.validate import INDENT, examine, indentation, line_kind

if TYPE_CHECKING:
    from wlmail.repl.app import Console


def key_bindings(console: Console) -> KeyBindings:
    """Enter runs a complete input and otherwise opens an indented line; Tab indents at a line's
    start and completes elsewhere; Backspace at a line's start removes one level."""
    kb = KeyBindings()
    lang = console.lang

    @kb.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buf = event.current_buffer
        state = buf.complete_state
        if state is not None and state.current_completion is not None:
            buf.complete_state = None  # Enter on a chosen completion just keeps it
            return
        _reindent_current_line(buf)
        doc = buf.document
        if not doc.text_after_cursor.strip() and examine(doc.text, lang()).complete:
            buf.validate_and_handle()
            return
        _newline(buf)

    @kb.add("escape", "enter")
    def _force(event: KeyPressEvent) -> None:
        event.current_buffer.validate_and_handle()

    at_line_start = Condition(_current_app_line_blank)

    @kb.add("tab", filter=at_line_start)
    def _indent(event: KeyPressEvent) -> None:
        event.current_buffer.insert_text(INDENT)

    @kb.add("tab", filter=~at_line_start)
    def _complete(event: KeyPressEvent) -> None:
        # Synchronous: prompt_toolkit drops a Tab that arrives while the completion started
        # by typing is still running, which a fast typist or a paste easily does.
        buf = event.current_buffer
        if buf.complete_state is not None:
            buf.complete_next()
            return
        event_ = CompleteEvent(completion_requested=True)
        found = list(console.completer.get_completions(buf.document, event_))
        if len(found) == 1:
            buf.apply_completion(found[0])
            return
        common = get_common_complete_suffix(buf.document, found) if found else ""
        if common:
            buf.insert_text(common)
        elif found:
            buf.complete_state = CompletionState(buf.document, found)
            buf.go_to_completion(0)

    @kb.add("backspace", filter=at_line_start)
    def _dedent(event: KeyPressEvent) -> None:
        buf = event.current_buffer
        before = buf.document.current_line_before_cursor
        width = len(before) % len(INDENT) or len(INDENT)
        buf.delete_before_cursor(min(width, len(before)) or 1)

    return kb


# ---- editing helpers ---------------------------------------------------------------------------
def _current_app_line_blank() -> bool:
    app = get_app_or_none()
    if app is None:
        return False
    doc = app.current_buffer.document
    before = doc.current_line_before_cursor
    return bool(before) and not before.strip()


def _reindent_current_line(buf: Any) -> None:
    """``FIN``, ``SINON``, ``CAS``… typed one level too deep move back to their block's column."""
    doc = buf.document
    line = doc.current_line
    if line_kind(line) not in ("end", "middle", "case", "proc"):
        return
    lines = doc.lines[: doc.cursor_position_row + 1]
    depth, _ = indentation(lines)
    stripped = line.lstrip()
    wanted = INDENT * depth
    if line[: len(line) - len(stripped)] == wanted:
        return
    col = doc.cursor_position_col
    start = doc.cursor_position - col
    new_col = max(col - (len(line) - len(stripped)) + len(wanted), len(wanted))
    buf.text = buf.text[:start] + wanted + stripped + buf.text[start + len(line) :]
    buf.cursor_position = start + new_col


def _newline(buf: Any) -> None:
    """A new line indented for the blocks still open above it."""
    doc = buf.document
    lines = doc.text_before_cursor.split("\n")
    _, depth = indentation(lines)
    buf.insert_text("\n" + INDENT * depth)


def toolbar(console: Console) -> StyleAndTextTuples:
    """The bottom bar: the signature of the call being typed, else the hint."""
    app = get_app_or_none()
    if app is None:
        return []
    doc = app.current_buffer.document
    lang = console.completer.lang_of(doc.text)
    sig = signature(doc.text_before_cursor, console, lang)
    return sig or [("", message("hint", console.lang()))]
