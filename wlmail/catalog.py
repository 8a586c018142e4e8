"""The bilingual catalog: every WLangage name, written once, as data in ``stdlib/*.toml``.

Lookups fold case and accents (decision 1). Python code refers to catalog ids only; the
French and English spellings live in the TOML files.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from wlmail.record import field, record
from wlmail.resources import data_dir, read_text
from wlmail.textsafe import escape

LANGS = ("fr", "en")


@cache
def fold(name: str) -> str:
    """Fold a name for lookup: casefold, decompose, drop combining marks."""
    decomposed = unicodedata.normalize("NFD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@record
class Entry:
    """One catalog entry (function, type, property, constant or keyword)."""

    kind: str
    id: str
    fr: tuple[str, ...]
    en: tuple[str, ...]
    status: str = "implemented"
    reason: str = ""
    params: tuple[str, ...] = ()
    min_args: int = 0
    max_args: int = 0
    summary_fr: str = ""
    summary_en: str = ""
    value: Any = None
    owner: str = ""
    read_only: bool = False
    vtype: str = ""
    methods_fr: tuple[str, ...] = ()
    methods_en: tuple[str, ...] = ()
    default: Any = None
    module: str = ""
    gender: str = ""  # "f" for a feminine French name (une chaîne): translation needs it
    variable: bool = False
    out: tuple[int, ...] = ()  # 1-based positions of by-reference (written) arguments
    allowed: tuple[str, ...] = ()  # a property's accepted constants (ids), see proptypes.py
    combine: bool = False  # with ``allowed``: their values may also be combined (bit flags)
    bounds: tuple[int, ...] = ()  # a numeric property's (lowest, highest) value
    reason_fr: str = ""  # ``reason`` in French (``reason`` itself is English: README table)

    def reason_in(self, lang: str) -> str:
        """Why it is unsupported or partial, in ``lang`` (``reason_fr``; ``reason`` is English)."""
        return (self.reason_fr or self.reason) if lang == "fr" else self.reason

    family: str = ""  # known but unavailable headless: "interface", "hfsql" (families.toml)

    def name(self, lang: str) -> str:
        """The main spelling in ``lang`` ("fr" or "en")."""
        names = self.fr if lang == "fr" else self.en
        return names[0] if names else (self.en or self.fr)[0]

    @property
    def spellings(self) -> tuple[str, ...]:
        return self.fr + self.en


@record
class Catalog:
    """All names of the language, indexed by folded spelling."""

    keywords: dict[str, Entry] = field(default_factory=dict)
    keyword_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    soft_words: frozenset[str] = frozenset()
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    word_lang: dict[str, str] = field(default_factory=dict)  # words of one language only
    langs_of: dict[str, set[str]] = field(default_factory=dict)
    functions: dict[str, Entry] = field(default_factory=dict)
    function_names: dict[str, Entry] = field(default_factory=dict)
    method_names: dict[str, list[Entry]] = field(default_factory=dict)
    types: dict[str, Entry] = field(default_factory=dict)
    type_names: dict[str, Entry] = field(default_factory=dict)
    properties: dict[str, Entry] = field(default_factory=dict)
    property_names: dict[tuple[str, str], Entry] = field(default_factory=dict)
    constants: dict[str, Entry] = field(default_factory=dict)
    constant_names: dict[str, Entry] = field(default_factory=dict)
    messages: dict[str, dict[str, str]] = field(default_factory=dict)
    collisions: list[str] = field(default_factory=list)
    families: dict[str, dict[str, Any]] = field(default_factory=dict)  # stdlib/families.toml

    # -- lookups ---------------------------------------------------------------------------
    def function(self, name: str) -> Entry | None:
        return self.function_names.get(fold(name))

    def type(self, name: str) -> Entry | None:
        """Find a type by any spelling, also plural (``chaînes``, ``ints``)."""
        key = fold(name)
        entry = self.type_names.get(key)
        if entry is None and len(key) > 2 and key[-1] in "sx":
            entry = self.type_names.get(key[:-1])
        return entry

    def constant(self, name: str) -> Entry | None:
        return self.constant_names.get(fold(name))

    def prop(self, owner: str, name: str) -> Entry | None:
        return self.property_names.get((owner, fold(name)))

    def props_of(self, owner: str) -> list[Entry]:
        return [e for e in self.properties.values() if e.owner == owner]

    def family_of_name(self, name: str) -> str:
        """The family whose control prefix starts ``name`` (``SAI_Nom`` → "interface"), or ""."""
        upper = name.upper()
        for family, data in self.families.items():
            if any(upper.startswith(p) and len(upper) > len(p) for p in data.get("prefixes", ())):
                return family
        return ""

    def family_label(self, family: str, lang: str) -> str:
        data = self.families.get(family, {})
        return str(data.get(lang) or data.get("en") or family)

    def keyword_name(self, token_type: str, lang: str) -> str:
        entry = self.keywords.get(token_type)
        return entry.name(lang) if entry else token_type

    def message(self, msg_id: str, lang: str, **values: object) -> str:
        """A message in ``lang``. The values it quotes (a server's reply, a file name, an
        address, an exception text) come from outside: they are shown escaped (textsafe), so a
        message, hence ``ErreurInfo`` and every diagnostic, never carries a control character,
        an escape sequence or a bidi override to a terminal."""
        texts = self.messages.get(msg_id, {})
        template = texts.get(lang) or texts.get("en") or msg_id
        safe = {k: v if isinstance(v, int | float) else escape(str(v)) for k, v in values.items()}
        return template.format(**safe)

    # -- loading ---------------------------------------------------------------------------
    def _index(self, table: dict[str, Entry], entry: Entry, names: list[str]) -> None:
        for spelling in (*entry.fr, *entry.en, *names):
            key = fold(spelling)
            other = table.get(key)
            if other is not None and other.id != entry.id:
                self.collisions.append(f"{entry.kind} {spelling!r}: {other.id} and {entry.id}")
            table[key] = entry


def _names(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    value = raw.get(key, ())
    return (value,) if isinstance(value, str) else tuple(value)


def _entry(kind: str, ident: str, raw: dict[str, Any], **extra: Any) -> Entry:
    params = tuple(raw.get("params", ()))
    required = sum(1 for p in params if not p.startswith("[") and p != "...")
    max_args = 255 if "..." in params else len(params)
    return Entry(
        kind=kind,
        id=ident,
        fr=_names(raw, "fr"),
        en=_names(raw, "en"),
        status=raw.get("status", "implemented"),
        reason=raw.get("reason", ""),
        reason_fr=raw.get("reason_fr", ""),
        params=params,
        min_args=raw.get("min", required),
        max_args=raw.get("max", max_args),
        summary_fr=raw.get("summary_fr", ""),
        summary_en=raw.get("summary_en", ""),
        value=raw.get("value"),
        read_only=raw.get("read_only", False),
        vtype=raw.get("type", raw.get("base", "")),
        methods_fr=_names(raw, "methods_fr"),
        methods_en=_names(raw, "methods_en"),
        default=raw.get("default"),
        module=raw.get("module", ""),
        gender=raw.get("gender", ""),
        variable=raw.get("variable", False),
        out=tuple(raw.get("out", ())),
        allowed=tuple(raw.get("allowed", ())),
        combine=raw.get("combine", False),
        bounds=tuple(raw.get("range", ())),
        family=raw.get("family", ""),
        **({"owner": raw["method_of"]} if "method_of" in raw else {}),
        **extra,
    )


def _vote(cat: Catalog, words: tuple[str, ...] | list[str], lang: str) -> None:
    for word in words:
        cat.langs_of.setdefault(word, set()).add(lang)


def _vote_entry(cat: Catalog, entry: Entry) -> None:
    for lang in LANGS:
        for spelling in entry.fr if lang == "fr" else entry.en:
            _vote(cat, [fold(w) for w in spelling.split()], lang)


def _load_keywords(cat: Catalog, data: dict[str, Any]) -> None:
    words: dict[str, list[str]] = {}
    for ident, raw in data.items():
        entry = _entry("keyword", ident, raw)
        cat.keywords[ident] = entry
        for lang in LANGS:
            for spelling in _names(raw, lang):
                parts = tuple(fold(p) for p in spelling.split())
                _vote(cat, parts, lang)
                if len(parts) > 1:
                    cat.phrases.setdefault(parts[0], []).append((parts, ident))
                else:
                    words.setdefault(parts[0], []).append(ident)
    cat.keyword_words = {w: tuple(dict.fromkeys(ids)) for w, ids in words.items()}
    cat.soft_words = frozenset(
        w for w, ids in cat.keyword_words.items() if all(data[i].get("soft") for i in ids)
    )
    for plist in cat.phrases.values():
        plist.sort(key=lambda p: -len(p[0]))


def _load_functions(cat: Catalog, data: dict[str, Any]) -> None:
    for ident, raw in data.items():
        entry = _entry("function", ident, raw)
        cat.functions[ident] = entry
        cat._index(cat.function_names, entry, [])
        _vote_entry(cat, entry)
        for method in (*entry.methods_fr, *entry.methods_en):
            cat.method_names.setdefault(fold(method), []).append(entry)
        _vote(cat, [fold(m) for m in entry.methods_fr], "fr")
        _vote(cat, [fold(m) for m in entry.methods_en], "en")


def _load_types(cat: Catalog, data: dict[str, Any]) -> None:
    for ident, raw in data.items():
        entry = _entry("type", ident, raw)
        cat.types[ident] = entry
        _vote_entry(cat, entry)
        cat._index(cat.type_names, entry, [])
        for pid, praw in raw.get("properties", {}).items():
            prop = _entry("property", f"{ident}.{pid}", praw, owner=ident)
            cat.properties[prop.id] = prop
            _vote_entry(cat, prop)  # `Email.Sender`: a script's language shows in its properties
            for spelling in prop.spellings:
                key = (ident, fold(spelling))
                other = cat.property_names.get(key)
                if other is not None and other.id != prop.id:
                    cat.collisions.append(f"property {spelling!r}: {other.id} and {prop.id}")
                cat.property_names[key] = prop


def _load_constants(cat: Catalog, data: dict[str, Any]) -> None:
    for ident, raw in data.items():
        entry = _entry("constant", ident, raw)
        cat.constants[ident] = entry
        cat._index(cat.constant_names, entry, [])
        _vote_entry(cat, entry)


CATALOG_KINDS = ("keywords", "functions", "types", "constants", "messages", "families")


def _sources() -> dict[str, str]:
    """Every ``stdlib/*.toml`` file, by name."""
    names = sorted(p.name for p in data_dir("stdlib").iterdir() if p.name.endswith(".toml"))
    return {name: read_text("stdlib", name) for name in names}


def _read_kind(kind: str, sources: dict[str, str]) -> dict[str, Any]:
    """``stdlib/<kind>.toml`` plus every ``stdlib/<kind>-*.toml`` (one file per topic)."""
    files = [n for n in sources if n == f"{kind}.toml" or n.startswith(f"{kind}-")]
    merged: dict[str, Any] = {}
    for name in files:
        for key, value in _toml(sources[name]).items():
            if key in merged:
                raise ValueError(f"stdlib/{name}: {kind} id {key!r} is defined twice")
            merged[key] = value
    return merged


def _toml(text: str) -> dict[str, Any]:
    import tomllib  # here: a run finds the catalog cached and needs no TOML parser (5 ms)

    return tomllib.loads(text)


def _raw_catalog() -> dict[str, dict[str, Any]]:
    """The TOML files as data: parsed once, then kept with marshal in the user cache dir
    (parsing the TOML costs more than everything else ``wlmail run hello.wl`` does)."""
    sources = _sources()
    digest = hashlib.sha256()
    for name, text in sources.items():
        digest.update(f"{name}\0{text}\0".encode())
    path = cache_file(f"catalog-{digest.hexdigest()[:20]}.marshal")
    if path is not None:
        try:
            cached: dict[str, dict[str, Any]] = marshal.loads(path.read_bytes())
            return cached
        except (OSError, ValueError, EOFError, TypeError):
            pass
    data = {kind: _read_kind(kind, sources) for kind in CATALOG_KINDS}
    if path is not None:
        write_atomically(path, marshal.dumps(data))
    return data


def cache_file(name: str) -> Path | None:
    """A file in wlmail's user cache directory (None when caching is off or impossible)."""
    if os.environ.get("WLMAIL_NO_CACHE"):
        return None
    try:
        import platformdirs

        base = Path(platformdirs.user_cache_dir("wlmail"))
        base.mkdir(parents=True, exist_ok=True)
        return base / name
    except OSError:
        return None


def write_atomically(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` in one step; a cache that cannot be written is skipped."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
        os.replace(tmp, path)
    except (OSError, ValueError):
        pass


@cache
def get_catalog() -> Catalog:
    """Load the catalog once per process."""
    cat = Catalog()
    raw = _raw_catalog()
    _load_keywords(cat, raw["keywords"])
    _load_functions(cat, raw["functions"])
    _load_types(cat, raw["types"])
    _load_constants(cat, raw["constants"])
    cat.messages = raw["messages"]
    cat.families = raw["families"]
    cat.word_lang = {w: next(iter(ls)) for w, ls in cat.langs_of.items() if len(ls) == 1}
    for name, entry in cat.constant_names.items():
        if name in cat.function_names and cat.function_names[name].id != entry.id:
            cat.collisions.append(f"{name!r} is both a function and a constant")
    return cat
