"""``wlmail translate --to fr|en``: rewrite a script's WLangage words into the other language.

Only token spans change: keywords, built-in functions, types, constants, properties and methods
of known types, ``MesParamètres``/``MyParameters``. User names stay (even when they look like a
word of the other language), and so do whitespace, comments, ``...`` continuations and string
contents. Names are resolved by the compiler itself (:class:`~wlmail.names.Names` records what
each name denotes), so ``Taille`` is translated when it is the built-in and kept when it is a
variable.

**Canonical** (the default, issue 14): every word is written in its catalog spelling in the
target language, accents and case (keywords in capitals, the words of a declaration in
lowercase: :mod:`wlmail.translate_words`), also a word the script already wrote in that
language (``A`` → ``À``, ``Expediteur`` → ``Expéditeur``, ``si`` → ``SI``). The result is a
fixpoint, and FR→EN→FR (EN→FR→EN) of it is byte-identical. **``keep_spelling``** keeps the
script's spelling of words already in the target language and the case style of translated
words (``si``/``if``, ``Si``/``If``, ``Chaîne``/``String``).

**Round trip.** Every translated word maps through a *pairing*: the i-th spelling of an entry in
one language with its i-th spelling in the other (``TOUT``/``EACH``, ``TOUTE``/``ALL``,
``PROCÉDURE``/``PROCEDURE``, ``FONCTION``/``FUNCTION``). Three contextual rules make the idioms
of each language meet:

* declarations: French ``est un entier``/``est une chaîne`` (article agreeing with the type's
  gender) is English ``is int``/``is string``; French ``est entier`` is English ``is an int``;
  the article of the other gender is the other English article (``est une entier`` ↔
  ``is a int``). ``sont des entiers`` is ``are ints``. (``est une structure`` ↔
  ``is a Structure``, as both languages write it.)
* elision: ``d'`` is ``of`` followed by a space; ``of`` + one space + a type whose French name
  starts with a vowel is ``d'`` (``tableau d'entiers`` ↔ ``array of ints``).
* plural types keep their plural (``chaînes`` ↔ ``strings``).

These maps are bijections on the forms they cover. A form is *not* covered, and cannot be, when
one language has more spellings for an entry than the other has forms to receive them: ``A``
for ``À`` (English has only ``TO``), ``TANT QUE`` besides ``TANTQUE``, ``TOUS``/``TOUTES``,
``DU``/``DES`` for ``DE``, ``de`` before a vowel type / ``d'`` elsewhere, French words written
without their accents, and, when keeping the spelling, a word already in the target language
and mixed case patterns (``SoIt``). Canonical output writes such a form as the spelling a
round trip gives (``TANTQUE``, ``TOUT``), so it loses nothing; with ``keep_spelling``,
:func:`translate` translates its result back and reports every such word in
:attr:`Translation.lossy`. Either way a built-in left as written because a name of the script
is its translation (a variable ``Length`` beside ``Taille(…)``) is reported (``kept``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from wlmail.catalog import Entry, fold, get_catalog
from wlmail.errors import WLSyntaxError
from wlmail.names import _NAME_LIKE, _POSTFIX_ENDS, Names, _dots_of_names, user_names, walk
from wlmail.runtime import types as T
from wlmail.runtime.compiler import VARIADIC_NAMES
from wlmail.syntax import nodes as n
from wlmail.syntax.lexer import detect_lang
from wlmail.syntax.parser import parse_program
from wlmail.syntax.tokens import Token
from wlmail.translate_loss import (
    REASONS,
    Lossy,
    at_source,
    classify,
    dedupe,
    differences,
    translated,
)
from wlmail.translate_words import TYPE_HEADS, convert, keyword_case, restyle

__all__ = [
    "LANGS",
    "REASONS",
    "Lossy",
    "Translation",
    "classify",
    "convert",
    "translate",
    "translate_only",
]

LANGS = ("fr", "en")


@cache
def _feminine() -> frozenset[str]:
    """Types and keywords whose French name is feminine (``une chaîne``), from the catalog."""
    cat = get_catalog()
    entries = [*cat.types.values(), *cat.keywords.values()]
    return frozenset(e.id for e in entries if e.gender == "f")


VOWELS = frozenset("aeiouyh")
ENGLISH_VOWELS = frozenset("aeiou")


@dataclass(slots=True)
class Translation:
    text: str
    lossy: list[Lossy] = field(default_factory=list)


@dataclass(slots=True)
class _Span:
    """A built-in type name and its translation; ``plural`` is the letter of a plural
    (``s``/``x``), ``+`` to make a singular plural, empty for a singular."""

    start: int
    end: int
    word: str
    plural: str


# ---- the translator -----------------------------------------------------------------------------
class _Translator:
    def __init__(self, text: str, filename: str, to: str, canonical: bool = True) -> None:
        self.text, self.to, self.canonical = text, to, canonical
        self.kept: list[Lossy] = []  # words left as written because a user name would take them
        self.cat = get_catalog()
        self.tokens: list[Token] = []
        self.program = parse_program(text, filename, tokens=self.tokens)
        self.res = Names(self.program)
        self.res.compile_program()
        self.user = user_names(self.program)
        self.out: dict[int, str] = {}  # token index -> its new text
        self.spans: dict[int, _Span] = {}  # first token of a built-in type name -> new name
        self.edits: list[tuple[int, int, str]] = []  # (start, end, text) not tied to one token
        self.done: set[int] = set()
        self.member_at = self._members()

    def _members(self) -> dict[int, n.Member]:
        """Token index of each member name, matched with its node by source order."""
        nodes = [m for m in walk(self.program) if isinstance(m, n.Member)]
        toks = self.tokens
        skip = _dots_of_names(self.program, toks)
        idx = [
            i + 1
            for i in range(len(toks) - 1)
            if (
                toks[i].type in ("DOT", "DOTDOT", "COLONCOLON")
                or (toks[i].type == "MCOLON" and i and toks[i - 1].type in _POSTFIX_ENDS)
            )
            and toks[i + 1].type == "NAME"
            and i + 1 not in skip
        ]
        if len(idx) != len(nodes) or any(
            fold(str(toks[i])) != m.key for i, m in zip(idx, nodes, strict=True)
        ):
            return {}  # cannot line them up: leave member names as written
        return dict(zip(idx, nodes, strict=True))

    # -- pass 1: every word on its own ------------------------------------------------------------
    def run(self) -> str:
        for i, tok in enumerate(self.tokens):
            if i in self.done:
                continue
            pos = (tok.line, tok.column)
            if pos in self.res.types:
                self._type_span(i, *self.res.types[pos])
            elif tok.type == "NAME":
                self._name(i, tok)
            elif tok.type in _NAME_LIKE and fold(str(tok)) in self.user:
                continue  # `Objet` that the script declares: a variable, not the keyword
            elif tok.type in self.cat.keywords and tok.type not in ("ARTICLE", "OF"):
                self._set(i, self._keyword(str(tok), tok.type))
        self._word_order()
        for i, tok in enumerate(self.tokens):
            if tok.type in ("IS", "ARE"):
                self._article(i)
            elif tok.type == "NEW":
                self._new_article(i)
            elif tok.type == "OF":
                self._of(i)
        edits = list(self.edits)
        edits += [(sp.start, sp.end, self._span_text(sp)) for sp in self.spans.values()]
        for i, new in self.out.items():
            tok = self.tokens[i]
            if new != str(tok):
                edits.append((tok.start_pos, tok.end_pos, new))
        result = self.text
        for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
            result = result[:start] + new + result[end:]
        return result

    def _word_order(self) -> None:
        """French writes ``tableau associatif`` where English writes ``associative array``."""
        first = "ARRAY" if self.to == "en" else "ASSOCIATIVE"
        second = "ASSOCIATIVE" if self.to == "en" else "ARRAY"
        toks = self.tokens
        for i in range(len(toks) - 1):
            if toks[i].type == first and toks[i + 1].type == second:
                a, b = self.word(i), self.word(i + 1)
                self.out[i], self.out[i + 1] = b, a

    def _set(self, i: int, new: str | None) -> None:
        if new is not None:
            self.out[i] = new

    def _convert(self, word: str, fr: tuple[str, ...], en: tuple[str, ...]) -> str | None:
        return convert(word, fr, en, self.to, self.canonical)

    def _keyword(self, word: str, ident: str) -> str | None:
        entry = self.cat.keywords[ident]
        new = self._convert(word, entry.fr, entry.en)
        return keyword_case(ident, new) if new is not None and self.canonical else new

    def _in_source(self, ident: str, word: str) -> bool:
        """``word`` is a spelling of keyword ``ident`` in the language translated from."""
        entry = self.cat.keywords[ident]
        return fold(word) in {fold(s) for s in (entry.en if self.to == "fr" else entry.fr)}

    def _keep(self, i: int, word: str, new: str) -> None:
        """Token ``i`` stays as written: its translation ``new`` is a name the script declares."""
        tok = self.tokens[i]
        self.kept.append(Lossy(tok.line, tok.column, word, new, kept=True))

    def word(self, i: int) -> str:
        """Token ``i`` as it will be written (the whole type name for a type's first word)."""
        span = self.spans.get(i)
        return self.out.get(i) or (span.word if span else str(self.tokens[i]))

    def _builtin(self, i: int, word: str, entry: Entry) -> str | None:
        new = self._convert(word, entry.fr, entry.en)
        if new is not None and fold(new) != fold(word) and fold(new) in self.user:
            self._keep(i, word, new)
            return None  # the translated name would be captured by a user name
        return new

    def _name(self, i: int, tok: Token) -> None:
        word = str(tok)
        if i in self.member_at:
            self._set(i, self._member(word, self.member_at[i]))
            return
        denote = self.res.names.get((tok.line, tok.column), ("user",))
        kind = denote[0]
        if kind in ("const", "func"):
            self._set(i, self._builtin(i, word, denote[1]))
        elif kind == "keyword":
            self._set(i, self._keyword(word, denote[1]))
        elif (
            kind == "var"
            and fold(word) in VARIADIC_NAMES
            and denote[1].name in (VARIADIC_NAMES.values())
        ):
            fr, en = ("MesParamètres",), ("MyParameters",)
            self._set(i, self._convert(word, fr, en))

    def _member(self, word: str, node: n.Member) -> str | None:
        denote = self.res.members.get(id(node))
        if denote is None:
            return None
        if denote[0] == "func":
            return self._convert(word, denote[1].fr, denote[1].en)
        vtype: T.VType | None = denote[1]
        if vtype is not None and vtype.id.startswith("class:"):
            return None  # a member or method of the script's own class: a user name
        owner = vtype.id if vtype is not None and not vtype.fields else ""
        if denote[0] == "method":
            return self._method(word, owner, vtype)
        if owner:
            prop = self.cat.prop(owner, node.key)
            return self._convert(word, prop.fr, prop.en) if prop is not None else None
        if node.double_dot and (vtype is None or not vtype.fields):
            return self._any_prop(word, node.key)
        return None

    def _method(self, word: str, owner: str, vtype: T.VType | None) -> str | None:
        if vtype is not None and vtype.fields:
            return None
        key = fold(word)
        cands = self.cat.method_names.get(key, [])
        if owner:
            cands = [e for e in cands if e.owner == owner] or cands
        found = {self._convert(word, e.methods_fr, e.methods_en) for e in cands}
        if len(found) == 1:
            return found.pop()
        if not cands:
            entry = self.cat.function(word)
            if entry is not None:
                return self._convert(word, entry.fr, entry.en)
        return None

    def _any_prop(self, word: str, key: str) -> str | None:
        found = {
            self._convert(word, p.fr, p.en)
            for p in self.cat.properties.values()
            if key in (fold(s) for s in p.spellings)
        }
        return found.pop() if len(found) == 1 else None

    def _type_span(self, i: int, entry: Entry, count: int) -> None:
        toks = self.tokens[i : i + count]
        self.done.update(range(i, i + count))
        start, end = toks[0].start_pos, toks[-1].end_pos
        span = self.text[start:end]
        plural = ""
        if count == 1 and fold(span) not in self.cat.type_names and span[-1:].lower() in "sx":
            span, plural = span[:-1], span[-1]
        new = self._convert(span, entry.fr, entry.en)
        if new is None:
            return
        if fold(new) in self.user and fold(new) != fold(span):
            self._keep(i, span, new)
            return
        self.spans[i] = _Span(start, end, new, plural)

    def _span_text(self, span: _Span) -> str:
        if not span.plural:
            return span.word
        if span.plural in ("s", "S", "x", "X"):
            loud = span.word.isupper() if self.canonical else span.plural.isupper()
            return span.word + ("S" if loud else "s")
        return span.word + ("S" if span.word.isupper() else "s")

    # -- pass 2: words whose form depends on their neighbours -------------------------------------
    def _next(self, i: int) -> int:
        return i + 1 if i + 1 < len(self.tokens) else i

    def _gender(self, i: int) -> tuple[str, str]:
        """For the type starting at token ``i``: its French gender and its English word."""
        tok = self.tokens[i]
        en_word = self.word(i) if self.to == "en" else str(tok)
        found = self.res.types.get((tok.line, tok.column))
        feminine_ids = _feminine()
        feminine = tok.type in feminine_ids or (found is not None and found[0].id in feminine_ids)
        return ("f" if feminine else "m"), en_word

    def _article(self, i: int) -> None:
        """``est un entier`` ↔ ``is int`` and the other forms (see the module docstring)."""
        verb = self.tokens[i]
        j = self._next(i)
        art = self.tokens[j] if self.tokens[j].type == "ARTICLE" else None
        k = self._next(j) if art is not None else j
        if self.tokens[k].type in ("_NL", "$END") or k == i:
            return
        if not self._in_source(verb.type, str(verb)):
            # `est`/`is` already in the target language: its article too (written in lowercase
            # when canonical), whatever the type's language (`x est int` is `x est entier`)
            if art is not None and self.canonical:
                self.out[j] = str(art).lower()
            return
        gender, en_word = self._gender(k)
        en_nat = "an" if fold(en_word)[:1] in ENGLISH_VOWELS else "a"
        fr_nat = "une" if gender == "f" else "un"
        other = {"un": "une", "une": "un", "a": "an", "an": "a"}
        struct = self.tokens[k].type in ("STRUCTURE", "CLASS")
        if verb.type == "ARE":
            fr_forms = ["des", "", fr_nat, other[fr_nat]]
            en_forms = ["", en_nat, other[en_nat]]
        elif struct:
            fr_forms, en_forms = [fr_nat, "", other[fr_nat]], [en_nat, "", other[en_nat]]
        else:
            fr_forms, en_forms = [fr_nat, "", other[fr_nat]], ["", en_nat, other[en_nat]]
        src, dst = (fr_forms, en_forms) if self.to == "en" else (en_forms, fr_forms)
        written = fold(str(art)) if art is not None else ""
        if written not in src:
            return  # an article of the target language: kept
        pos = src.index(written)
        target = dst[pos] if pos < len(dst) else dst[0]
        verb_word = self.word(i)
        loud = verb_word.isupper() and len(verb_word) > 1
        if art is None:
            if target:
                new = target.upper() if loud else target
                start = self.tokens[k].start_pos
                self.edits.append((start, start, new + " "))
            return
        self.done.add(j)
        if not target:
            stop = self.tokens[k].start_pos
            gap = self.text[art.end_pos : stop]
            if gap.strip(" \t"):
                return  # a comment or continuation after the article: keep it
            self.edits.append((art.start_pos, stop, ""))
            return
        canon = src[pos]
        self.out[j] = target if self.canonical else restyle(str(art), canon, target)

    def _new_article(self, i: int) -> None:
        """``allouer un C(…)`` ↔ ``new C(…)``: French writes the article, English does not."""
        if not self.canonical and not self._in_source("NEW", str(self.tokens[i])):
            return  # `allouer`/`new` already in the target language: its article stays
        j = self._next(i)
        art = self.tokens[j] if self.tokens[j].type == "ARTICLE" else None
        if art is None:
            if self.to == "fr" and j != i:
                start = self.tokens[j].start_pos
                self.edits.append((start, start, "UN " if self.word(i).isupper() else "un "))
            return
        self.done.add(j)
        stop = self.tokens[self._next(j)].start_pos
        if self.to == "en":
            if not self.text[art.end_pos : stop].strip(" \t"):
                self.edits.append((art.start_pos, stop, ""))
        else:
            self.out[j] = "un" if self.canonical else restyle(str(art), fold(str(art)), "un")

    def _of(self, i: int) -> None:
        """``de``/``d'``/``of``; before a type whose French name starts with a vowel, French
        chooses between ``de entiers`` and ``d'entiers`` where English has ``of int`` and
        ``of ints``: the pairs are (``de entiers``, ``of int``), (``d'entiers``, ``of ints``)."""
        tok, word = self.tokens[i], str(self.tokens[i])
        entry = self.cat.keywords["OF"]
        j = self._next(i)
        span = self.spans.get(j)
        gap = self.text[tok.end_pos : self.tokens[j].start_pos]
        fr_word = str(self.tokens[j]) if self.to == "en" else (span.word if span else "")
        vowel = span is not None and fold(fr_word)[:1] in VOWELS
        if self.to == "en":
            elided = fold(word) == "d'"
            if elided:
                new = "OF " if word[0].isupper() and not self.canonical else "of "
                self.edits.append((tok.start_pos, tok.end_pos, new))
                self.done.add(i)
            else:
                self._set(i, self._of_case(i, self._convert(word, entry.fr, entry.en)))
            french = self._in_source("OF", word)
            if vowel and french and span is not None and span.plural and not elided and gap == " ":
                span.plural = ""  # `de entiers` -> `of int`
            return
        if fold(word) == "of" and vowel and span is not None and gap == " ":
            if span.plural:  # `of ints` -> `d'entiers`
                new = "D'" if word[0].isupper() and not self.canonical else "d'"
                self.edits.append((tok.start_pos, self.tokens[j].start_pos, new))
                self.done.add(i)
                return
            span.plural = "+"  # `of int` -> `de entiers`
        if self.canonical and vowel and span is not None and not span.plural and gap == " ":
            span.plural = "+"  # `de entier` is written `de entiers` (what `of int` gives)
        if fold(word) == "d'":  # already French, and only French elides
            if self.canonical and span is not None and not span.plural:
                span.plural = "+"  # `d'entier` is written `d'entiers` (what `of ints` gives)
            self._set(i, word.lower() if self.canonical else None)
            return
        self._set(i, self._of_case(i, self._convert(word, entry.fr, entry.en)))

    def _of_case(self, i: int, new: str | None) -> str | None:
        """``DE``/``OF`` of a loop, ``de``/``of`` of a type (``tableau de chaînes``)."""
        if new is None or not self.canonical:
            return new
        typed = self.tokens[i - 1].type in TYPE_HEADS or self._next(i) in self.spans
        return new.lower() if i and typed else new


# ---- public API ----------------------------------------------------------------------------------
def translate_only(
    text: str, to: str, filename: str = "<script>", keep_spelling: bool = False
) -> str:
    """The translated text, without checking the round trip."""
    return _translator(text, to, filename, keep_spelling).run()


def _translator(text: str, to: str, filename: str, keep_spelling: bool) -> _Translator:
    if to not in LANGS:
        raise ValueError(f"unknown language {to!r}")
    return _Translator(text, filename, to, canonical=not keep_spelling)


def translate(
    text: str, to: str, filename: str = "<script>", keep_spelling: bool = False
) -> Translation:
    """Translate ``text`` into ``to`` ("fr" or "en") and list what is lost.

    By default every WLangage word is written in its canonical spelling in ``to`` (the
    catalog's accents and case), so the result is a fixpoint and a round trip through the
    other language gives it back byte for byte; :attr:`Translation.lossy` then lists only the
    words left as written because a name of the script would take their translation (and any
    word whose round trip would still differ). With ``keep_spelling``, words already in ``to``
    keep the script's spelling and translated words its case style; the words of ``text`` a
    round trip would not give back are listed.

    Raises :class:`WLSyntaxError` when the script does not parse.
    """
    tr = _translator(text, to, filename, keep_spelling)
    result = tr.run()
    back_lang = "en" if to == "fr" else "fr"
    if not keep_spelling:
        try:
            again = translate_only(translate_only(result, back_lang, filename), to, filename)
        except WLSyntaxError:
            again = ""
        return Translation(result, tr.kept + differences(result, again))
    try:
        there = translate_only(result, back_lang, filename, keep_spelling=True)
        again = translate_only(there, to, filename, keep_spelling=True)
    except WLSyntaxError:
        there = again = ""
    if detect_lang(text) != to:
        return Translation(result, tr.kept + differences(text, there))
    # a script already (mostly) in the target language: the words it kept as written that a
    # round trip would change, and the words of the other language it had that do not come
    # back (comparing every word with the other language listed the whole file)
    lost = translated(differences(text, there), text, result)
    lost += at_source(differences(result, again), text, result)
    return Translation(result, tr.kept + dedupe(sorted(lost, key=lambda x: (x.line, x.column))))


def _message(msg_id: str, lang: str, **values: object) -> str:
    return get_catalog().message(f"translate_{msg_id}", lang, **values)
