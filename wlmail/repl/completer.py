"""The REPL's completer and signature toolbar: prompt_toolkit items made from
:mod:`wlmail.completion` (shared with ``wlmail lsp``), plus what only a console has.

* Words, members by type and signatures: :mod:`wlmail.completion`.
* Inside a string passed where a function expects a file (``chemin``, ``fichier``): file paths.
* Meta-commands (``:aide``, ``:charge``…) and their arguments.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter
from prompt_toolkit.document import Document
from prompt_toolkit.formatted_text import StyleAndTextTuples

from wlmail.catalog import fold
from wlmail.completion import (
    MEMBER,
    WORD_END,
    NoSession,
    SessionView,
    catalog_words,
    describe,
    is_path_argument,
    member_candidates,
    scan,
    signal_lang,
    signature_of,
    word_candidates,
)

__all__ = ["META_COMMANDS", "WLCompleter", "scan", "signal_lang", "signature"]

META_COMMANDS: dict[str, tuple[str, str]] = {
    ":aide": ("montre l'entrée du catalogue d'un nom", "shows the catalog entry of a name"),
    ":help": ("montre l'entrée du catalogue d'un nom", "shows the catalog entry of a name"),
    ":vars": ("liste les variables (secrets masqués)", "lists variables (secrets masked)"),
    ":charge": ("exécute un fichier dans la session", "runs a file in this session"),
    ":load": ("exécute un fichier dans la session", "runs a file in this session"),
    ":langue": ("langue des messages : fr ou en", "language of messages: fr or en"),
    ":quitter": ("quitte la console", "leaves the console"),
    ":quit": ("quitte la console", "leaves the console"),
}


class WLCompleter(Completer):
    """The REPL's completer (see the module docstring)."""

    def __init__(self, session: SessionView | None = None) -> None:
        self.session: SessionView = session or NoSession()
        self._paths = PathCompleter(expanduser=True)

    # -- entry point --------------------------------------------------------------------------
    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        before = document.text_before_cursor
        if document.text.lstrip().startswith(":"):
            yield from self._meta(before, complete_event)
            return
        ctx = scan(before)
        if ctx.in_comment:
            return
        m = WORD_END.search(before)
        prefix = m.group() if m else ""
        head = before[: len(before) - len(prefix)]
        lang = self.lang_of(head + document.text_after_cursor)  # not the word being typed
        if ctx.in_string:
            call = ctx.calls[-1] if ctx.calls else None
            if call is not None and is_path_argument(call, self.session, lang):
                yield from self._path(before[ctx.string_start :], complete_event)
            return
        member = MEMBER.search(head)
        if member is not None:
            yield from self._members(member.group(1), prefix, lang)
            return
        if prefix or complete_event.completion_requested:
            yield from self._words(prefix, lang)

    def lang_of(self, text: str) -> str:
        return signal_lang(text) or self.session.lang()

    # -- words --------------------------------------------------------------------------------
    def _words(self, prefix: str, lang: str) -> Iterator[Completion]:
        lower = prefix.islower()
        for cand in word_candidates(prefix, lang, self.session):
            text = cand.text.lower() if lower and cand.kind == "keyword" else cand.text
            yield Completion(text, -len(prefix), display_meta=describe(cand.entry, cand.kind, lang))

    def _members(self, chain: str, prefix: str, lang: str) -> Iterator[Completion]:
        for cand in member_candidates(chain, prefix, lang, self.session):
            yield Completion(
                cand.text, -len(prefix), display_meta=describe(cand.entry, cand.kind, lang)
            )

    # -- strings and meta-commands ------------------------------------------------------------
    def _path(self, partial: str, event: CompleteEvent) -> Iterator[Completion]:
        if '"' in partial:
            return
        yield from self._paths.get_completions(Document(partial), event)

    def _meta(self, before: str, event: CompleteEvent) -> Iterator[Completion]:
        stripped = before.lstrip()
        lang = self.session.lang()
        if " " not in stripped:
            for name, (fr, en) in META_COMMANDS.items():
                if name.startswith(stripped):
                    yield Completion(name, -len(stripped), display_meta=fr if lang == "fr" else en)
            return
        command, _, arg = stripped.partition(" ")
        arg = arg.lstrip()
        if command in (":charge", ":load"):
            yield from self._paths.get_completions(Document(arg), event)
        elif command in (":langue", ":lang", ":language"):
            for choice in ("fr", "en"):
                if choice.startswith(arg):
                    yield Completion(choice, -len(arg))
        elif command in (":aide", ":help") and arg:
            key = fold(arg)
            for cand in catalog_words(lang):
                if cand.key.startswith(key):
                    yield Completion(
                        cand.text, -len(arg), display_meta=describe(None, cand.kind, lang)
                    )


def signature(text_before_cursor: str, session: SessionView, lang: str) -> StyleAndTextTuples:
    """Toolbar text for the innermost open call: ``Nom(param1, [param2])`` and a summary."""
    sig = signature_of(text_before_cursor, session, lang)
    if sig is None:
        return []
    out: StyleAndTextTuples = [("class:signature.name", f" {sig.name}(")]
    for i, param in enumerate(sig.params):
        if i:
            out.append(("class:signature", ", "))
        out.append(("class:signature.current" if i == sig.current else "class:signature", param))
    out.append(("class:signature.name", ")"))
    if sig.summary:
        out.append(("class:signature.summary", f"  {sig.summary}"))
    return out
