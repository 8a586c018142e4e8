"""What a translation loses, for :mod:`wlmail.translate`: the words of a text that another text
(its round trip) writes differently, and why (:func:`classify`)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache

from wlmail.catalog import fold, get_catalog


@dataclass(frozen=True, slots=True)
class Lossy:
    """A word the round trip would not give back as written."""

    line: int
    column: int
    word: str
    back: str
    kept: bool = False  # left as written: its translation ``back`` is a name of the script


def differences(text: str, back: str) -> list[Lossy]:
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
    return dedupe(lossy)


def _word_bounds(line: str, a: int, b: int) -> tuple[int, int]:
    def inside(ch: str) -> bool:
        return ch.isalnum() or ch in "_'"

    while a > 0 and inside(line[a - 1]):
        a -= 1
    while b < len(line) and inside(line[b]):
        b += 1
    return a, b


def dedupe(items: list[Lossy]) -> list[Lossy]:
    seen: set[tuple[int, int]] = set()
    out = []
    for item in items:
        if (item.line, item.column) not in seen:
            seen.add((item.line, item.column))
            out.append(item)
    return out


def _changed(old: str, new: str) -> list[tuple[int, int]]:
    """Column ranges (0-based, end excluded) of ``old`` that ``new`` writes differently."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(a1, a2) for tag, a1, a2, _b1, _b2 in matcher.get_opcodes() if tag != "equal"]


def translated(items: list[Lossy], text: str, result: str) -> list[Lossy]:
    """The ``items`` (words of ``text``) that the translation ``result`` wrote differently."""
    old_lines, new_lines = text.split("\n"), result.split("\n")
    if len(old_lines) != len(new_lines):
        return items
    out = []
    for item in items:
        start = item.column - 1
        end = start + len(item.word)
        ranges = _changed(old_lines[item.line - 1], new_lines[item.line - 1])
        if any((a < end and b > start) or (a == b and start <= a <= end) for a, b in ranges):
            out.append(item)
    return out


def at_source(items: list[Lossy], text: str, result: str) -> list[Lossy]:
    """The ``items`` (words of ``result`` kept as ``text`` wrote them) at their column in
    ``text``: the occurrence of the word nearest to its column in ``result``."""
    old_lines = text.split("\n")
    out = []
    for item in items:
        line = old_lines[item.line - 1] if item.line <= len(old_lines) else ""
        found = [i for i in range(len(line)) if line.startswith(item.word, i)]
        if found:
            best = min(found, key=lambda i: abs(i + 1 - item.column))
            item = Lossy(item.line, best + 1, item.word, item.back, item.kept)
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
