"""Spellings for :mod:`wlmail.translate`: the pairing of an entry's spellings between French and
English, case styles (the script's, for ``--keep-spelling``) and the canonical case of keywords.
"""

from __future__ import annotations

import unicodedata

from wlmail.catalog import fold


def _bare(text: str) -> str:
    """Without accents, case kept (for style detection)."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def restyle(word: str, canon: str, target: str) -> str:
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


def convert(
    word: str, fr: tuple[str, ...], en: tuple[str, ...], to: str, canonical: bool = False
) -> str | None:
    """The pairing of one entry: ``word`` (a spelling in the source language) in ``to``.

    ``None`` when ``word`` is not a source-language spelling (it is kept as written). With
    ``canonical``, the spelling is the catalog's (accents, case), and a word already in ``to``
    is written in the catalog's spelling too: the one the other language pairs with it, else
    the entry's first (``A`` → ``À``, ``TANT QUE`` → ``TANTQUE``, ``Expediteur`` →
    ``Expéditeur``), so that a round trip of the result gives it back byte for byte.
    """
    src, dst = (en, fr) if to == "fr" else (fr, en)
    norm = " ".join(word.split())
    key = fold(norm)
    for i, spelling in enumerate(src):
        if fold(spelling) == key:
            target = _pick(dst, i)
            if target is None:
                return None
            return _rejoin(word, target if canonical else restyle(norm, spelling, target))
    if canonical:
        for j, spelling in enumerate(dst):
            if fold(spelling) == key:
                target = _pick(dst, j if j < len(src) else 0)
                return None if target is None else _rejoin(word, target)
    return None


def _pick(spellings: tuple[str, ...], i: int) -> str | None:
    """The ``i``-th spelling, or the first one the scanner can read back."""
    if i < len(spellings) and _expressible(spellings[i]):
        return spellings[i]
    return next((s for s in spellings if _expressible(s)), None)


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


# Canonical case of the words of a declaration: the catalog writes every keyword in capitals
# (``SI``, ``POUR TOUT``); a declaration is written as WINDEV's editor and documentation write
# it, ``x est un tableau de chaînes``, ``S est une Structure`` (ids, never spellings, here).
_LOWER = frozenset(
    {"IS", "ARE", "ARTICLE", "ARRAY", "ASSOCIATIVE", "DYNAMIC", "NEW", "DELETE", "INHERITS"}
)
_TITLE = frozenset(
    {"STRUCTURE", "CLASS", "INTERFACE", "ENUMERATION", "ANCESTOR", "CONSTRUCTOR", "OBJECT"}
)
TYPE_HEADS = frozenset({"ARRAY", "ASSOCIATIVE", "DYNAMIC"})  # `de`/`of` after them: lowercase


def keyword_case(ident: str, spelling: str) -> str:
    if ident in _LOWER:
        return spelling.lower()
    if ident in _TITLE:
        return spelling.capitalize()
    return spelling
