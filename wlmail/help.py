"""Help on a name of the language, from the catalog: what the REPL's ``:aide`` prints and what
``wlmail lsp`` shows on hover. Both names (French · English), the kind, the signature in the
asked language, the summary and the support status."""

from __future__ import annotations

from wlmail.catalog import Entry, fold, get_catalog
from wlmail.textsafe import escape

MESSAGES: dict[str, dict[str, str]] = {
    "status_implemented": {"fr": "disponible", "en": "available"},
    "status_partial": {"fr": "partiel", "en": "partial"},
    "status_unsupported": {"fr": "non pris en charge", "en": "not supported"},
    "params": {"fr": "paramètres", "en": "parameters"},
    "status": {"fr": "statut", "en": "status"},
    "property_of": {"fr": "propriété de {owner}", "en": "property of {owner}"},
    "method_of": {"fr": "méthode de {owner}", "en": "method of {owner}"},
    "read_only": {"fr": "lecture seule", "en": "read-only"},
    "kind_function": {"fr": "fonction", "en": "function"},
    "kind_type": {"fr": "type", "en": "type"},
    "kind_constant": {"fr": "constante", "en": "constant"},
    "kind_object": {"fr": "objet prédéfini", "en": "predefined object"},
    "kind_keyword": {"fr": "mot-clé", "en": "keyword"},
    "kind_variable": {"fr": "variable", "en": "variable"},
    "kind_procedure": {"fr": "procédure", "en": "procedure"},
}


def message(msg_id: str, lang: str, **values: object) -> str:
    texts = MESSAGES[msg_id]
    safe = {k: v if isinstance(v, int | float) else escape(str(v)) for k, v in values.items()}
    return (texts.get(lang) or texts["en"]).format(**safe)


# ---- the catalog ------------------------------------------------------------------------------
def catalog_help(name: str, lang: str) -> list[str]:
    """The catalog entries matching ``name`` (any spelling, ``Type.Propriété`` too), each as
    its French and English names, its kind, signature, type, summary and status."""
    cat = get_catalog()
    key = fold(name.strip())
    found: list[str] = []
    entry = cat.function(key)
    if entry is not None:
        found.append(describe_entry(entry, "kind_function", lang))
    for method in cat.method_names.get(key, []):
        if method is not entry:
            owner = type_name(method.owner, lang)
            found.append(describe_entry(method, "method_of", lang, owner=owner))
    type_entry = cat.type(key)
    if type_entry is not None:
        found.append(_describe_type(type_entry, lang))
    constant = cat.constant(key)
    if constant is not None:
        is_object = isinstance(constant.value, dict) and "type" in constant.value
        kind = "kind_object" if is_object else "kind_constant"
        found.append(describe_entry(constant, kind, lang))
    found += _describe_keyword(key, lang)
    owner_key, dot, prop_key = key.rpartition(".")
    owner_type = cat.type(owner_key) if dot else None
    for prop in cat.properties.values():
        if (prop_key if dot else key) not in {fold(s) for s in prop.spellings}:
            continue
        if dot and (owner_type is None or owner_type.id != prop.owner):
            continue
        owner = type_name(prop.owner, lang)
        found.append(describe_entry(prop, "property_of", lang, owner=owner))
    return found


def type_name(type_id: str, lang: str) -> str:
    entry = get_catalog().types.get(type_id)
    return entry.name(lang) if entry else type_id


def _names(entry: Entry) -> str:
    names = list(dict.fromkeys((*entry.fr[:1], *entry.en[:1])))
    return " · ".join(names)


def describe_entry(entry: Entry, kind: str, lang: str, **values: str) -> str:
    head = f"{_names(entry)}: {message(kind, lang, **values)}"
    if entry.module:
        head += f" ({entry.module})"
    lines = [head]
    if entry.kind == "function":
        shown = entry.name(lang) if kind == "kind_function" else _method_name(entry, lang)
        params = entry.params[1:] if kind == "method_of" else entry.params
        lines.append(f"  {shown}({', '.join(params)})")
    if entry.kind == "property":
        extra = [type_name(entry.vtype, lang)] if entry.vtype else []
        if entry.read_only:
            extra.append(message("read_only", lang))
        if extra:
            lines.append("  " + ", ".join(extra))
    summary = entry.summary_fr if lang == "fr" else entry.summary_en
    if summary:
        lines.append(f"  {summary}")
    status = message(f"status_{entry.status}", lang) if entry.status in _STATUSES else entry.status
    if entry.reason:
        status += f": {entry.reason_in(lang)}"
    lines.append(f"  {message('status', lang)}: {status}")
    return "\n".join(lines)


_STATUSES = ("implemented", "partial", "unsupported")


def _method_name(entry: Entry, lang: str) -> str:
    names = entry.methods_fr if lang == "fr" else entry.methods_en
    return f"x.{names[0]}" if names else entry.name(lang)


def _describe_type(entry: Entry, lang: str) -> str:
    text = describe_entry(entry, "kind_type", lang)
    cat = get_catalog()
    props = [p.name(lang) for p in cat.props_of(entry.id)]
    methods = [
        (f.methods_fr if lang == "fr" else f.methods_en)[:1]
        for f in cat.functions.values()
        if f.owner == entry.id
    ]
    extra = []
    if props:
        label = "propriétés" if lang == "fr" else "properties"
        extra.append(f"  {label}: {', '.join(props)}")
    flat = [m[0] for m in methods if m]
    if flat:
        label = "méthodes" if lang == "fr" else "methods"
        extra.append(f"  {label}: {', '.join(flat)}")
    return "\n".join([text, *extra])


def _describe_keyword(key: str, lang: str) -> list[str]:
    cat = get_catalog()
    ids = list(cat.keyword_words.get(key, ()))
    first, _, _ = key.partition(" ")
    for parts, ident in cat.phrases.get(first, ()):
        if " ".join(parts) == key:
            ids.append(ident)
    out = []
    for ident in dict.fromkeys(ids):
        entry = cat.keywords[ident]
        names = " · ".join(dict.fromkeys((*entry.fr, *entry.en)))
        out.append(f"{names}: {message('kind_keyword', lang)}")
    return out
