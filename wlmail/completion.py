"""Completion by the catalog and by type, shared by the REPL and the language server.

Nothing here knows about a terminal or a protocol: the REPL (``repl/completer.py``, with
prompt_toolkit) and ``wlmail lsp`` (``lsp/features.py``) each turn these candidates into their
own items. What a name is comes from a :class:`SessionView`: the running session in the REPL,
the document's last analysis in the language server.

* Words: keywords, functions, types and constants spelled in the language the input is written
  in (French if it reads French), plus the session's variables and procedures; accents and case
  are optional (``chaine`` finds ``chaîne``). When no word of that language matches, the other
  language's words are offered.
* After ``variable.``: the properties and methods of the variable's declared type (``s.Adr`` →
  ``s.AdresseServeur`` for an ``emailSessionSMTP``), or the fields of a structure; for an
  object of a class of the script, its members and methods, when the session has a
  ``class_members(class key, prefix)`` (the language server's does).
* Inside a call: the parameters of the function, method or procedure (:func:`signature_of`).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, Protocol

from wlmail.catalog import Entry, fold, get_catalog
from wlmail.record import field, record

WORD_END = re.compile(r"[^\W\d]\w*\Z")  # \Z: never the word before a final newline
MEMBER = re.compile(
    r"([^\W\d]\w*(?:[ \t]*(?:\[[^\[\]]*\])?[ \t]*\.[ \t]*[^\W\d]\w*)*)[ \t]*\.[ \t]*\Z"
)
_CALLEE = re.compile(r"([^\W\d]\w*)(?:[ \t]*\.[ \t]*([^\W\d]\w*))?[ \t]*$")
_ELEMENTS = {"attachments": "email_attach"}  # property types that are arrays of a catalog type
_PATH_PARAMS = ("chemin", "fichier", "file", "path")
_FILE_MODULE_PATHS = ("source", "destination", "ancien nom", "nouveau nom")


class SessionView(Protocol):
    """What the completer needs from the running session (read while no input runs)."""

    def lang(self) -> str: ...

    def variables(self) -> dict[str, tuple[str, str, Any]]:
        """Folded name → (spelling, declared type id, current value)."""
        ...

    def procedures(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Folded name → (spelling, parameter names)."""
        ...


class NoSession:
    def lang(self) -> str:
        return "fr"

    def variables(self) -> dict[str, tuple[str, str, Any]]:
        return {}

    def procedures(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        return {}


# ---- reading the text before the cursor ------------------------------------------------------
@record
class Call:
    """A call still open at the cursor: ``name(`` or ``owner.name(``, and the argument index."""

    name: str
    owner: str = ""
    arg: int = 0


@record
class Context:
    in_string: bool = False
    string_start: int = 0
    in_comment: bool = False
    calls: list[Call | None] = field(default_factory=list)


def scan(text: str) -> Context:
    """Where the cursor is: inside a string or comment, and inside which calls."""
    ctx = Context()
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            j = i + 1
            while j < n and text[j] != "\n":
                if text[j] == '"':
                    if text.startswith('"', j + 1):
                        j += 2
                        continue
                    break
                j += 1
            if j >= n:
                ctx.in_string, ctx.string_start = True, i + 1
                return ctx
            i = j + 1
            continue
        if text.startswith("//", i):
            nl = text.find("\n", i)
            if nl < 0:
                ctx.in_comment = True
                return ctx
            i = nl
            continue
        if text.startswith("/*", i):
            close = text.find("*/", i + 2)
            if close < 0:
                ctx.in_comment = True
                return ctx
            i = close + 2
            continue
        if ch == "(":
            m = _CALLEE.search(text, 0, i)
            if m is not None and m.end() == i:
                name, member = m.group(1), m.group(2)
                ctx.calls.append(Call(member, name) if member else Call(name))
            else:
                ctx.calls.append(None)
        elif ch == "[":
            ctx.calls.append(None)
        elif ch in ")]":
            if ctx.calls:
                ctx.calls.pop()
        elif ch == "," and ctx.calls and ctx.calls[-1] is not None:
            call = ctx.calls[-1]
            call.arg += 1
        i += 1
    return ctx


def signal_lang(text: str) -> str | None:
    """``fr`` or ``en`` if the words of ``text`` say so, else None."""
    cat = get_catalog()
    score = {"fr": 0, "en": 0}
    for word in re.findall(r"[^\W\d]\w*", text[-4000:]):
        lang = cat.word_lang.get(fold(word))
        if lang:
            score[lang] += 1
    if score["fr"] == score["en"]:
        return None
    return "fr" if score["fr"] > score["en"] else "en"


# ---- the catalog as completion candidates ----------------------------------------------------
@record
class Candidate:
    text: str
    key: str  # folded
    kind: str
    entry: Entry | None = None
    detail: str = ""  # what to show beside it when no catalog entry says (a member's type)


KIND_ORDER = {"variable": 0, "procedure": 1, "keyword": 2, "function": 3, "type": 4, "constant": 5}
KIND_NAMES = {
    "fr": {
        "variable": "variable",
        "procedure": "procédure",
        "keyword": "mot-clé",
        "function": "fonction",
        "type": "type",
        "constant": "constante",
        "property": "propriété",
        "method": "méthode",
        "field": "membre",
    },
    "en": {
        "variable": "variable",
        "procedure": "procedure",
        "keyword": "keyword",
        "function": "function",
        "type": "type",
        "constant": "constant",
        "property": "property",
        "method": "method",
        "field": "member",
    },
}


@cache
def catalog_words(lang: str) -> tuple[Candidate, ...]:
    """Every keyword, function, type and constant spelled in ``lang``."""
    cat = get_catalog()
    out: list[Candidate] = []
    seen: set[tuple[str, str]] = set()

    def add(text: str, kind: str, entry: Entry | None) -> None:
        if (text, kind) not in seen:
            seen.add((text, kind))
            out.append(Candidate(text, fold(text), kind, entry))

    for entry in cat.keywords.values():
        for spelling in entry.fr if lang == "fr" else entry.en:
            if not spelling.startswith("_") and len(spelling) > 1:
                add(spelling, "keyword", entry)
    for kind, table in (("function", cat.functions), ("type", cat.types)):
        for entry in table.values():
            for spelling in entry.fr if lang == "fr" else entry.en:
                add(spelling, kind, entry)
    for entry in cat.constants.values():
        for spelling in entry.fr if lang == "fr" else entry.en:
            add(spelling, "constant", entry)
    out.sort(key=lambda c: (KIND_ORDER[c.kind], c.key))
    return tuple(out)


def describe(entry: Entry | None, kind: str, lang: str) -> str:
    if entry is not None:
        summary = entry.summary_fr if lang == "fr" else entry.summary_en
        if summary:
            return summary if len(summary) <= 60 else summary[:59] + "…"
    return KIND_NAMES[lang].get(kind, kind)


# ---- members ---------------------------------------------------------------------------------
def value_type(value: Any) -> str:
    """The catalog type id of a runtime value, when its declared type is a variant."""
    from wlmail.runtime.values import WLArray, WLAssoc, WLDate, WLTime

    wl_type = getattr(value, "wl_type", None)
    if isinstance(wl_type, str):
        return wl_type
    for cls, type_id in (
        (WLArray, "array"),
        (WLAssoc, "assoc"),
        (WLDate, "date"),
        (WLTime, "time"),
    ):
        if isinstance(value, cls):
            return type_id
    return ""


def members(owner: str, value: Any, lang: str, prefix: str = "") -> list[Candidate]:
    """Properties and methods of a type id (and the fields of a structure value) matching
    ``prefix``, each spelled in ``lang`` unless only its other spelling matches."""
    from wlmail.runtime.values import WLStruct

    cat = get_catalog()
    key = fold(prefix)
    out: list[Candidate] = []
    if isinstance(value, WLStruct):
        out += [Candidate(n, k, "field") for k, n in value.names.items() if k.startswith(key)]
    named: list[tuple[Entry, str, tuple[str, ...], tuple[str, ...]]] = [
        (e, "property", e.fr, e.en) for e in cat.props_of(owner)
    ]
    named += [
        (e, "method", e.methods_fr, e.methods_en)
        for e in cat.functions.values()
        if e.owner == owner
    ]
    for entry, kind, fr, en in named:
        first, second = (fr, en) if lang == "fr" else (en, fr)
        for spellings in (first, second):
            hits = [s for s in spellings if fold(s).startswith(key)]
            if hits:
                out += [Candidate(s, fold(s), kind, entry) for s in hits]
                break
    return out


def resolve_owner(chain: str, session: SessionView) -> tuple[str, Any]:
    """Type id (and value, when known) of ``a`` or ``a.b`` in ``a.b.``; ("", None) if unknown."""
    cat = get_catalog()
    parts = [fold(p) for p in re.findall(r"[^\W\d]\w*", re.sub(r"\[[^\[\]]*\]", "", chain))]
    if not parts:
        return "", None
    owner, value = "", None
    known = session.variables().get(parts[0])
    if known is not None:
        _, owner, value = known
        if owner in ("", "variant") or owner not in cat.types:
            owner = value_type(value) or owner
    else:
        entry = cat.constant(parts[0])
        if entry is not None and isinstance(entry.value, dict) and "type" in entry.value:
            owner = str(entry.value["type"])  # a predefined object: the legacy ``Email``
        else:
            type_entry = cat.type(parts[0])
            owner = type_entry.id if type_entry else ""
    for part in parts[1:]:
        from wlmail.runtime.values import WLStruct

        if isinstance(value, WLStruct) and part in value.fields:
            value = value.fields[part]
            owner = value_type(value)
            continue
        prop = cat.prop(owner, part)
        vtype = _ELEMENTS.get(prop.vtype, prop.vtype) if prop is not None else ""
        if vtype not in cat.types:
            return "", None
        owner, value = vtype, None
    return owner, value


def is_path_argument(call: Call, session: SessionView, lang: str) -> bool:
    params = call_params(call, session, lang)
    if params is None or call.arg >= len(params):
        return False
    name = fold(params[call.arg].strip("[]"))
    if any(word in name for word in _PATH_PARAMS):
        return True
    entry = function_for(call, session)
    return entry is not None and entry.module == "files" and name in _FILE_MODULE_PATHS


def function_for(call: Call, session: SessionView) -> Entry | None:
    cat = get_catalog()
    if not call.owner:
        return cat.function(call.name)
    owner, _ = resolve_owner(call.owner, session)
    for entry in cat.method_names.get(fold(call.name), []):
        if not owner or entry.owner == owner:
            return entry
    return None


def call_params(call: Call, session: SessionView, lang: str) -> tuple[str, ...] | None:
    """Parameter names of the function, method or procedure being called."""
    if not call.owner:
        proc = session.procedures().get(fold(call.name))
        if proc is not None:
            return proc[1]
    entry = function_for(call, session)
    if entry is None:
        return None
    return entry.params[1:] if call.owner else entry.params


# ---- what to offer at the cursor ---------------------------------------------------------------
def word_candidates(prefix: str, lang: str, session: SessionView) -> list[Candidate]:
    """Variables and procedures of the session, then the catalog's words in ``lang`` (the
    other language's when none matches), each starting like ``prefix`` (folded)."""
    key = fold(prefix)
    local = [Candidate(name, k, "variable") for k, (name, _, _) in session.variables().items()]
    local += [Candidate(name, k, "procedure") for k, (name, _) in session.procedures().items()]
    found = [c for c in local if c.key.startswith(key) and c.key != key]
    words = [c for c in catalog_words(lang) if c.key.startswith(key) and c.key != key]
    if not words:
        other = "en" if lang == "fr" else "fr"
        words = [c for c in catalog_words(other) if c.key.startswith(key) and c.key != key]
    return found + words


def member_candidates(chain: str, prefix: str, lang: str, session: SessionView) -> list[Candidate]:
    """Properties, methods and fields after ``chain.`` (``MaSession.`` → ``AdresseServeur``…)."""
    owner, value = resolve_owner(chain, session)
    if not owner and value is None:
        return []
    if owner.startswith("class:"):  # a class of the script: the session knows its members
        of_class = getattr(session, "class_members", None)
        found = of_class(owner[6:], prefix) if callable(of_class) else []
        return [c for c in found if isinstance(c, Candidate) and c.key != fold(prefix)]
    seen: set[str] = set()
    out: list[Candidate] = []
    for cand in members(owner, value, lang, prefix):
        if cand.text not in seen and cand.key != fold(prefix):
            seen.add(cand.text)
            out.append(cand)
    return out


@record
class Completions:
    """What :func:`complete` found: the word being typed and what may replace it."""

    prefix: str
    lang: str
    candidates: list[Candidate] = field(default_factory=list)
    member: bool = False


def complete(before: str, after: str, session: SessionView, explicit: bool = True) -> Completions:
    """Candidates for the word ending at the cursor (``before`` + cursor + ``after``): nothing
    in a comment or a string, members after a dot, words otherwise (only when asked for or
    when a word is begun, unless ``explicit``)."""
    ctx = scan(before)
    m = WORD_END.search(before)
    prefix = m.group() if m else ""
    head = before[: len(before) - len(prefix)]
    lang = signal_lang(head + after) or session.lang()  # not the word being typed
    found = Completions(prefix, lang)
    if ctx.in_comment or ctx.in_string:
        return found
    chain = MEMBER.search(head)
    if chain is not None:
        found.member = True
        found.candidates = member_candidates(chain.group(1), prefix, lang, session)
    elif prefix or explicit:
        found.candidates = word_candidates(prefix, lang, session)
    return found


@record
class Signature:
    """The innermost open call at the cursor: its shown name, parameters, the current one."""

    name: str
    params: tuple[str, ...]
    current: int
    summary: str = ""
    entry: Entry | None = None


def signature_of(text_before_cursor: str, session: SessionView, lang: str) -> Signature | None:
    """The call the cursor is in (``Nom(param1, [param2])``), or None."""
    ctx = scan(text_before_cursor)
    call = next((c for c in reversed(ctx.calls) if c is not None), None)
    if call is None or ctx.in_comment:
        return None
    params = call_params(call, session, lang)
    if params is None:
        return None
    entry = (
        function_for(call, session)
        if call.owner or fold(call.name) not in session.procedures()
        else None
    )
    name = entry.name(lang) if entry is not None and not call.owner else call.name
    if entry is not None and call.owner:
        methods = entry.methods_fr if lang == "fr" else entry.methods_en
        name = f"{call.owner}.{methods[0] if methods else call.name}"
    current = call.arg
    if "..." in params and current >= params.index("..."):
        current = params.index("...")
    summary = ""
    if entry is not None:
        summary = entry.summary_fr if lang == "fr" else entry.summary_en
    return Signature(name, params, current, summary, entry)
