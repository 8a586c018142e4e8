"""``wlmail translate --to fr|en``: rewrite a script's WLangage words into the other language.

Only token spans change: keywords, built-in functions, types, constants, properties and methods
of known types, ``MesParamètres``/``MyParameters``. User names stay (even when they look like a
word of the other language), and so do whitespace, comments, ``...`` continuations and string
contents. Names are resolved by the compiler itself (:class:`_Resolver` records what each name
denotes), so ``Taille`` is translated when it is the built-in and kept when it is a variable.

**Round trip.** Every translated word maps through a *pairing*: the i-th spelling of an entry in
one language with its i-th spelling in the other (``TOUT``/``EACH``, ``TOUTE``/``ALL``,
``PROCÉDURE``/``PROCEDURE``, ``FONCTION``/``FUNCTION``), and the case style of the word is kept
(``SI``/``IF``, ``si``/``if``, ``Si``/``If``, ``chaîne``/``string``, ``Chaîne``/``String``).
Three contextual rules make the idioms of each language meet:

* declarations: French ``est un entier``/``est une chaîne`` (article agreeing with the type's
  gender) is English ``is int``/``is string``; French ``est entier`` is English ``is an int``;
  the article of the other gender is the other English article (``est une entier`` ↔
  ``is a int``). ``sont des entiers`` is ``are ints``. (``est une structure`` ↔
  ``is a Structure``, as both languages write it.)
* elision: ``d'`` is ``of`` followed by a space; ``of`` + one space + a type whose French name
  starts with a vowel is ``d'`` (``tableau d'entiers`` ↔ ``array of ints``).
* plural types keep their plural (``chaînes`` ↔ ``strings``).

These maps are bijections on the forms they cover, so FR→EN→FR and EN→FR→EN give the input back
byte for byte whenever every translated word is in a covered form. A form is *not* covered,
and cannot be, when one language has more spellings for an entry than the other has forms to
receive them: ``A`` for ``À`` (English has only ``TO``), ``TANT QUE`` besides ``TANTQUE``,
``TOUS``/``TOUTES``, ``DU``/``DES`` for ``DE``, ``de`` before a vowel type / ``d'`` elsewhere,
French words written without their accents (``Expediteur``), a word already in the target
language, and mixed case patterns outside exact/UPPER/lower/Capitalised/first-letter-swapped
(``SoIt``). Nothing is lost silently: :func:`translate` translates its result back and reports
every such word in :attr:`Translation.lossy` (``wlmail translate`` prints them as warnings).
"""

from __future__ import annotations

import difflib
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from wlmail.catalog import Entry, fold, get_catalog
from wlmail.errors import WLSyntaxError
from wlmail.runtime import types as T
from wlmail.runtime.compiler import VARIADIC_NAMES, Compiler, Expr, Stmt
from wlmail.runtime.host import CaptureHost
from wlmail.runtime.state import Frame, Runtime
from wlmail.syntax import nodes as n
from wlmail.syntax.lexer import detect_lang
from wlmail.syntax.parser import parse_program
from wlmail.syntax.tokens import Token
from wlmail.textsafe import escape

LANGS = ("fr", "en")


@cache
def _feminine() -> frozenset[str]:
    """Types and keywords whose French name is feminine (``une chaîne``), from the catalog."""
    cat = get_catalog()
    entries = [*cat.types.values(), *cat.keywords.values()]
    return frozenset(e.id for e in entries if e.gender == "f")


VOWELS = frozenset("aeiouyh")
ENGLISH_VOWELS = frozenset("aeiou")


@dataclass(frozen=True, slots=True)
class Lossy:
    """A word the round trip would not give back as written."""

    line: int
    column: int
    word: str
    back: str


@dataclass(slots=True)
class Translation:
    text: str
    lossy: list[Lossy] = field(default_factory=list)


# ---- spellings and case styles -----------------------------------------------------------------
def _bare(text: str) -> str:
    """Without accents, case kept (for style detection)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def _restyle(word: str, canon: str, target: str) -> str:
    """``target`` written in the case style that ``word`` has relative to ``canon``."""
    w, c = _bare(word), _bare(canon)
    if w == c:
        return target
    if w == w.upper() and w != w.lower():
        return target.upper()
    if w == w.lower():
        return target.lower()
    if w[1:] == c[1:]:  # first letter swapped: `emailEnvoieMessage`, `Entier`
        first = target[0].upper() if w[0].isupper() else target[0].lower()
        return first + target[1:]
    if w == w.capitalize():
        return target.capitalize()
    if w == " ".join(p.capitalize() for p in w.split(" ")):
        return " ".join(p.capitalize() for p in target.split(" "))
    return target


def _expressible(spelling: str) -> bool:
    """A spelling the scanner reads back as the same words (``8-byte int`` is not)."""
    parts = spelling.split(" ")
    first = parts[0].replace("'", "")
    return (first[:1].isalpha() or first[:1] == "_") and all(
        p.replace("_", "").replace("'", "").isalnum() for p in parts
    )


def convert(word: str, fr: tuple[str, ...], en: tuple[str, ...], to: str) -> str | None:
    """The pairing of one entry: ``word`` (a spelling in the source language) in ``to``.

    ``None`` when ``word`` is not a source-language spelling (it is kept as written).
    """
    src, dst = (en, fr) if to == "fr" else (fr, en)
    norm = " ".join(word.split())
    key = fold(norm)
    for i, spelling in enumerate(src):
        if fold(spelling) == key:
            target = dst[i] if i < len(dst) and _expressible(dst[i]) else None
            if target is None:
                target = next((s for s in dst if _expressible(s)), None)
            if target is None:
                return None
            return _rejoin(word, _restyle(norm, spelling, target))
    return None


def _rejoin(original: str, translated: str) -> str:
    """Keep the original separators of a phrase when both have the same number of words."""
    words, seps = _split_phrase(original)
    new = translated.split(" ")
    if len(new) != len(words) or len(words) == 1:
        return translated
    out = new[0]
    for sep, word in zip(seps, new[1:], strict=True):
        out += sep + word
    return out


def _split_phrase(text: str) -> tuple[list[str], list[str]]:
    words: list[str] = []
    seps: list[str] = []
    current, sep = "", ""
    for ch in text:
        if ch in " \t":
            if current:
                words.append(current)
                current = ""
            sep += ch
        else:
            if sep and words:
                seps.append(sep)
            sep = ""
            current += ch
    if current:
        words.append(current)
    return words, seps


# ---- name resolution: the compiler, recording what each name denotes ---------------------------
Denotes = tuple[Any, ...]


def _stub(type_id: str, elem: T.VType | None = None) -> T.VType:
    return T.VType(type_id, _identity, _nothing, elem=elem)


def _identity(value: Any) -> Any:
    return value


def _nothing() -> None:
    return None


def _dummy(frame: Frame) -> None:
    return None


class _Resolver(Compiler):
    """Compiles the program without running it and notes the meaning of every name."""

    def __init__(self, program: n.Program) -> None:
        super().__init__(Runtime(CaptureHost(), program.lang, program.filename), program)
        self.names: dict[tuple[int, int], Denotes] = {}
        self.members: dict[int, Denotes] = {}
        self.types: dict[tuple[int, int], tuple[Entry, int]] = {}
        self.static_memo: StaticMemo = {}

    def _denote(self, node: n.Name) -> Denotes:
        found = self._lookup_var(node.key)
        if found is not None:
            return ("var", found[0])
        entry = self.cat.constant(node.name)
        if entry is not None:
            return ("const", entry)
        fentry = self.cat.function(node.name)
        if fentry is not None and fentry.variable:
            return ("func", fentry)
        return ("user",)

    def x_Name(self, node: n.Name) -> Expr:
        self.names.setdefault((node.line, node.col), self._denote(node))
        return super().x_Name(node)

    def _call_name(self, node: n.Call, func: n.Name) -> Expr:
        proc = self._lookup_proc(func.key)
        var = self._lookup_var(func.key)
        denote: Denotes = ("user",)
        if func.key in ("selon", "switch") and proc is None:
            denote = ("keyword", "SWITCH")
        elif proc is None or var is not None:
            entry = self.cat.function(func.name)
            if entry is not None:
                denote = ("func", entry)
        self.names[(func.line, func.col)] = denote
        return super()._call_name(node, func)

    def x_Call(self, node: n.Call) -> Expr:
        func = node.func
        if isinstance(func, n.Member) and isinstance(func.target, n.Name):
            entry = self.cat.function(func.name)
            if func.target.key == "wl" and entry is not None:
                self.members[id(func)] = ("func", entry)
        return super().x_Call(node)

    def setter(self, node: n.Node) -> Any:
        if isinstance(node, n.Name):
            self.names.setdefault((node.line, node.col), self._denote(node))
        elif isinstance(node, n.Member):
            self.members.setdefault(id(node), ("prop", self.static(node.target)))
        return super().setter(node)

    def x_Member(self, node: n.Member) -> Expr:
        self.members.setdefault(id(node), ("prop", self.static(node.target)))
        return super().x_Member(node)

    def _method_call(self, node: n.Call, func: n.Member) -> Expr:
        self.members.setdefault(id(func), ("method", self.static(func.target)))
        return super()._method_call(node, func)

    def _builtin_call(
        self, node: n.Node, entry: Entry, arg_nodes: list[n.Node], receiver: Expr | None = None
    ) -> Expr:
        self._args(arg_nodes)  # resolve the names inside; nothing runs
        return _dummy

    def vtype(self, spec: n.TypeSpec) -> T.VType:
        if spec.kind == "named" and fold(spec.words[0]) not in self.structs:
            whole = self.cat.type(" ".join(spec.words))
            if whole is not None:
                self.types[(spec.line, spec.col)] = (whole, len(spec.words))
            else:
                first = self.cat.type(spec.words[0])
                if first is not None:
                    self.types[(spec.line, spec.col)] = (first, 1)
            entry = self.types.get((spec.line, spec.col), (None, 0))[0]
            if entry is not None and entry.vtype == "host":
                return _stub(entry.id)  # nothing runs: no need to load the object's module
        return super().vtype(spec)

    def stmt(self, node: n.Node) -> Stmt:
        self.static_memo.clear()  # a declaration may change what a name denotes
        return super().stmt(node)

    def static(self, node: n.Node) -> T.VType | None:
        return static_type(self, node, self.static_memo)


#: id(node) -> (node, scope, its static type): answers kept for one statement
StaticMemo = dict[int, tuple[n.Node, object, T.VType | None]]


def static_type(comp: Compiler, node: n.Node, memo: StaticMemo | None = None) -> T.VType | None:
    """The declared type of an expression, when the declarations tell it (at ``comp``'s point
    of compilation): a variable, an element of a typed array, a property of a known type.

    Down the chain ``x.a[1].b`` to its root, then up one :func:`_step` per level, without
    recursion. A pass that asks about every level of a chain (the type of ``x.a`` for ``.b``,
    then of ``x`` for ``.a``) gives a ``memo``, valid for one statement in one scope: each
    level is then worked out once, N steps for N levels instead of N²/2."""
    chain: list[n.Index | n.Member] = []
    while isinstance(node, n.Index | n.Member):
        known = memo.get(id(node)) if memo is not None else None
        if known is not None and known[0] is node and known[1] is comp.scope:
            base = known[2]
            break
        chain.append(node)
        node = node.target
    else:
        base = _root_type(comp, node)
    for link in reversed(chain):
        base = _step(comp, link, base)
        if memo is not None:
            memo[id(link)] = (link, comp.scope, base)
    return base


def _root_type(comp: Compiler, node: n.Node) -> T.VType | None:
    if isinstance(node, n.SelfMember | n.Name) and comp.cls is not None:
        field = comp.cls.find_field(node.key)  # a member of the class whose method this is
        if field is not None and (isinstance(node, n.SelfMember) or not comp._is_local(node.key)):
            return field[1].vtype
    if isinstance(node, n.Name):
        found = comp._lookup_var(node.key)
        if found is not None:
            return found[0].vtype
        entry = comp.cat.constant(node.name)
        if entry is not None and isinstance(entry.value, dict):
            type_id = entry.value.get("type")
            return _stub(str(type_id)) if type_id else None
    return None


def _step(comp: Compiler, link: n.Index | n.Member, base: T.VType | None) -> T.VType | None:
    """The type of ``link`` (``….b`` or ``…[i]``) from the type of what it applies to."""
    if base is None:
        return None
    if isinstance(link, n.Index):
        return base.elem
    if base.fields:
        return base.fields.get(link.key)
    prop = comp.cat.prop(base.id, link.key)
    return _prop_type(prop.vtype) if prop is not None else None


def _prop_type(vtype: str) -> T.VType | None:
    if vtype == "strings":
        return _stub("array", T.scalar("string"))
    if vtype == "attachments":
        return _stub("array", _stub("email_attach"))
    if vtype in T.SCALARS:
        return T.scalar(vtype)
    if vtype in get_catalog().types:
        return _stub(vtype)
    return None


def _dots_of_names(program: n.Program, toks: list[Token]) -> set[int]:
    """Token indexes of names after a dot that is no member access: `PROCÉDURE C.M()`, a type
    declared in a class (`est un C.STContenu`)."""
    heads = {(p.name.line, p.name.col) for p in program.procs if p.owner is not None}
    types = {
        (t.line, t.col)
        for t in walk(program)
        if isinstance(t, n.TypeSpec) and t.words and "." in t.words[0]
    }
    skip: set[int] = set()
    for i, tok in enumerate(toks):
        where = (tok.line, tok.column)
        if where in heads:
            skip.add(i)
        elif where in types:
            j = i + 1 if tok.type == "OBJECT" else i
            while j + 2 < len(toks) and toks[j + 1].type == "DOT" and toks[j + 2].type == "NAME":
                skip.add(j + 2)
                j += 2
    return skip


def walk(node: Any) -> Iterator[n.Node]:
    """Nodes in source order, each after its children; strings' ``[% %]`` parts are skipped.

    With a stack of its own: nested generators would cost the depth of a node for each node
    (quadratic on a chain of 10,000 members)."""
    todo: list[tuple[Any, bool]] = [(node, False)]  # (item, its children are done)
    while todo:
        item, done = todo.pop()
        if done or isinstance(item, n.Interp):
            yield item
        elif isinstance(item, list | tuple):
            todo.extend((child, False) for child in reversed(item))
        elif isinstance(item, n.TypeSpec):
            # `tableau [N] de …`: the dimensions come first; `C(a, b)`: the arguments last
            todo += [(item, True), (item.args, False), (item.elem, False), (item.dims, False)]
        elif isinstance(item, n.Node):
            todo.append((item, True))
            children = [v for k, v in vars(item).items() if k not in ("line", "col")]
            todo.extend((child, False) for child in reversed(children))


# tokens that end an operand: a `:` right after one is a member access (`objet:x`), not `:x`
_POSTFIX_ENDS = ("NAME", "RPAR", "RSQB", "RDSQB", "OBJECT", "SELF", "ANCESTOR", "STRING")
_NAME_LIKE = ("OBJECT", "SELF", "ANCESTOR", "NEW", "DELETE", "CONSTRUCTOR")


def user_names(program: n.Program) -> set[str]:
    """Folded names the script declares (a translated built-in must not take one of them)."""
    found: set[str] = set()
    for node in walk(program):
        if isinstance(node, n.Decl | n.Let):
            found.update(nm.key for nm in node.names)
        elif isinstance(node, n.Param | n.ProcDef | n.ConstDef | n.StructDecl):
            found.add(node.name.key)
        elif isinstance(node, n.For):
            found.add(node.var.key)
        elif isinstance(node, n.ForEach):
            found.update(v.key for v in node.vars)
    return found


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
    def __init__(self, text: str, filename: str, to: str) -> None:
        self.text, self.to = text, to
        self.cat = get_catalog()
        self.tokens: list[Token] = []
        self.program = parse_program(text, filename, tokens=self.tokens)
        self.res = _Resolver(self.program)
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
                entry = self.cat.keywords[tok.type]
                self._set(i, convert(str(tok), entry.fr, entry.en, self.to))
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

    def word(self, i: int) -> str:
        """Token ``i`` as it will be written (the whole type name for a type's first word)."""
        span = self.spans.get(i)
        return self.out.get(i) or (span.word if span else str(self.tokens[i]))

    def _builtin(self, word: str, entry: Entry) -> str | None:
        new = convert(word, entry.fr, entry.en, self.to)
        if new is not None and fold(new) != fold(word) and fold(new) in self.user:
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
            self._set(i, self._builtin(word, denote[1]))
        elif kind == "keyword":
            entry = self.cat.keywords[denote[1]]
            self._set(i, convert(word, entry.fr, entry.en, self.to))
        elif (
            kind == "var"
            and fold(word) in VARIADIC_NAMES
            and denote[1].name in (VARIADIC_NAMES.values())
        ):
            fr, en = ("MesParamètres",), ("MyParameters",)
            self._set(i, convert(word, fr, en, self.to))

    def _member(self, word: str, node: n.Member) -> str | None:
        denote = self.res.members.get(id(node))
        if denote is None:
            return None
        if denote[0] == "func":
            return convert(word, denote[1].fr, denote[1].en, self.to)
        vtype: T.VType | None = denote[1]
        if vtype is not None and vtype.id.startswith("class:"):
            return None  # a member or method of the script's own class: a user name
        owner = vtype.id if vtype is not None and not vtype.fields else ""
        if denote[0] == "method":
            return self._method(word, owner, vtype)
        if owner:
            prop = self.cat.prop(owner, node.key)
            return convert(word, prop.fr, prop.en, self.to) if prop is not None else None
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
        found = {convert(word, e.methods_fr, e.methods_en, self.to) for e in cands}
        if len(found) == 1:
            return found.pop()
        if not cands:
            entry = self.cat.function(word)
            if entry is not None:
                return convert(word, entry.fr, entry.en, self.to)
        return None

    def _any_prop(self, word: str, key: str) -> str | None:
        found = {
            convert(word, p.fr, p.en, self.to)
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
        new = convert(span, entry.fr, entry.en, self.to)
        if new is None or (fold(new) in self.user and fold(new) != fold(span)):
            return
        self.spans[i] = _Span(start, end, new, plural)

    def _span_text(self, span: _Span) -> str:
        if not span.plural:
            return span.word
        if span.plural in ("s", "S", "x", "X"):
            return span.word + ("S" if span.plural.isupper() else "s")
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
        self.out[j] = _restyle(str(art), canon, target)

    def _new_article(self, i: int) -> None:
        """``allouer un C(…)`` ↔ ``new C(…)``: French writes the article, English does not."""
        j = self._next(i)
        art = self.tokens[j] if self.tokens[j].type == "ARTICLE" else None
        if art is None:
            if self.to == "fr" and j != i:
                start = self.tokens[j].start_pos
                self.edits.append((start, start, "UN " if str(self.tokens[i]).isupper() else "un "))
            return
        self.done.add(j)
        stop = self.tokens[self._next(j)].start_pos
        if self.to == "en":
            if not self.text[art.end_pos : stop].strip(" \t"):
                self.edits.append((art.start_pos, stop, ""))
        else:
            self.out[j] = _restyle(str(art), fold(str(art)), "un")

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
                new = "OF " if word[0].isupper() else "of "
                self.edits.append((tok.start_pos, tok.end_pos, new))
                self.done.add(i)
            else:
                self._set(i, convert(word, entry.fr, entry.en, "en"))
            if vowel and span is not None and span.plural and not elided and gap == " ":
                span.plural = ""  # `de entiers` -> `of int`
            return
        if fold(word) == "of" and vowel and span is not None and gap == " ":
            if span.plural:  # `of ints` -> `d'entiers`
                new = "D'" if word[0].isupper() else "d'"
                self.edits.append((tok.start_pos, self.tokens[j].start_pos, new))
                self.done.add(i)
                return
            span.plural = "+"  # `of int` -> `de entiers`
        self._set(i, convert(word, entry.fr, entry.en, "fr"))


# ---- public API ----------------------------------------------------------------------------------
def translate_only(text: str, to: str, filename: str = "<script>") -> str:
    """The translated text, without checking the round trip."""
    if to not in LANGS:
        raise ValueError(f"unknown language {to!r}")
    return _Translator(text, filename, to).run()


def translate(text: str, to: str, filename: str = "<script>") -> Translation:
    """Translate ``text`` into ``to`` ("fr" or "en") and list the words that would not come back.

    Raises :class:`WLSyntaxError` when the script does not parse.
    """
    result = translate_only(text, to, filename)
    back_lang = "en" if to == "fr" else "fr"
    try:
        if result == text:
            # already all in the target language: what would not survive is what a round trip
            # through the other language changes (comparing with the other language itself
            # reported every word of the file)
            back = translate_only(translate_only(text, back_lang, filename), to, filename)
        else:
            back = translate_only(result, back_lang, filename)
    except WLSyntaxError:
        back = ""
    return Translation(result, _differences(text, back))


def _differences(text: str, back: str) -> list[Lossy]:
    """Words of ``text`` that ``back`` writes differently, line by line (edits keep lines)."""
    lossy: list[Lossy] = []
    old_lines, new_lines = text.split("\n"), back.split("\n")
    if len(old_lines) != len(new_lines):
        return [Lossy(1, 1, text[:40], back[:40])]
    for number, (old, new) in enumerate(zip(old_lines, new_lines, strict=True), 1):
        if old == new:
            continue
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            start, end = _word_bounds(old, a1, a2)
            bstart, bend = _word_bounds(new, b1, b2)
            lossy.append(Lossy(number, start + 1, old[start:end], new[bstart:bend]))
    return _dedupe(lossy)


def _word_bounds(line: str, a: int, b: int) -> tuple[int, int]:
    def inside(ch: str) -> bool:
        return ch.isalnum() or ch in "_'"

    while a > 0 and inside(line[a - 1]):
        a -= 1
    while b < len(line) and inside(line[b]):
        b += 1
    return a, b


def _dedupe(items: list[Lossy]) -> list[Lossy]:
    seen: set[tuple[int, int]] = set()
    out = []
    for item in items:
        if (item.line, item.column) not in seen:
            seen.add((item.line, item.column))
            out.append(item)
    return out


REASONS = ("case", "accents", "variant", "mixed")


@cache
def _spellings() -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
    """Folded spelling -> the (French, English) spelling lists of every entry having it."""
    cat = get_catalog()
    index: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    entries = [*cat.keywords.values(), *cat.functions.values(), *cat.types.values()]
    entries += [*cat.constants.values(), *cat.properties.values()]
    pairs = [(e.fr, e.en) for e in entries]
    pairs += [(e.methods_fr, e.methods_en) for e in cat.functions.values() if e.methods_fr]
    pairs.append((("MesParamètres",), ("MyParameters",)))
    for fr, en in pairs:
        for spelling in (*fr, *en):
            for key in {fold(spelling), *fold(spelling).split()}:
                index.setdefault(key, []).append((fr, en))
    return index


def classify(item: Lossy, to: str) -> str:
    """Why a word does not come back (one of :data:`REASONS`), or ``""`` if no known reason.

    ``case``: a case pattern outside exact/UPPER/lower/Capitalised/first-letter-swapped;
    ``accents``: accents written differently from the catalog; ``variant``: a spelling that the
    other language has no form for (``A`` for ``À``, ``TANT QUE``); ``mixed``: a word already in
    the target language (or a phrase containing one).
    """
    if fold(item.word) == fold(item.back):
        return "case" if item.word.lower() == item.back.lower() else "accents"
    words = item.word.replace("d'", "d' ").split()
    words += [w[:-1] for w in words if w[-1:].lower() in "sx" and fold(w) not in _spellings()]
    found = [_spellings().get(fold(" ".join(words)))] + [_spellings().get(fold(w)) for w in words]
    for entries in found:
        for fr, en in entries or ():
            src, dst = (fr, en) if to == "en" else (en, fr)
            keys = [fold(s) for s in src]
            for word in (" ".join(words), *words):
                if fold(word) in keys and keys.index(fold(word)) >= len(dst):
                    return "variant"
            targets = {part for s in dst for part in (fold(s), *fold(s).split())}
            if any(fold(w) in targets for w in words):
                return "mixed"
    return ""


def _message(msg_id: str, lang: str, **values: object) -> str:
    return get_catalog().message(f"translate_{msg_id}", lang, **values)


# ---- command line --------------------------------------------------------------------------------
def _decode(data: bytes) -> tuple[str, Callable[[str], bytes]]:
    """Text and the function that encodes it back exactly (BOM and code page kept)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), lambda s: b"\xef\xbb\xbf" + s.encode("utf-8")
    try:
        return data.decode("utf-8"), lambda s: s.encode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), lambda s: s.encode("cp1252", "replace")


def translate_command(path: str, to: str, in_place: bool = False) -> int:
    """``wlmail translate --to fr|en FILE [-i]``: 0 done, 65 syntax error, 66 unreadable file.

    The translation goes to standard output (bytes exactly as encoded in the file), or back
    into the file with ``-i``; words that would not survive the way back are listed on stderr.
    """
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as err:
        print(escape(f"wlmail: {path}: {err.strerror}"), file=sys.stderr)
        return 66
    text, encode = _decode(data)
    lang = detect_lang(text)
    try:
        result = translate(text, to, path)
    except WLSyntaxError as err:
        print(err.render(text, _message("syntax", lang)), file=sys.stderr)
        return 65
    warning = _message("warning", lang)
    counts = Counter((item.word, item.back) for item in result.lossy)
    shown: set[tuple[str, str]] = set()
    for item in result.lossy:  # one line per distinct loss, at its first place, with a count
        if (item.word, item.back) in shown:
            continue
        shown.add((item.word, item.back))
        msg = _message("lossy", lang, word=item.word, back=item.back)
        times = (
            f" (×{counts[(item.word, item.back)]})" if counts[(item.word, item.back)] > 1 else ""
        )
        print(f"{escape(path)}:{item.line}:{item.column}: {warning}: {msg}{times}", file=sys.stderr)
    out = encode(result.text)
    if in_place and path != "-":
        Path(path).write_bytes(out)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(out)
        sys.stdout.buffer.flush()
    return 0
