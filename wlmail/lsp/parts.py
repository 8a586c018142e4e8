"""A document cut into parts, each parsed on its own: the main code, then one part per
procedure (a procedure runs from its ``PROCÉDURE`` line to the next one, as the grammar reads
it). An edit re-parses only the parts whose text changed; a part that only moved (lines
inserted above it) keeps its tree, shifted. This is what makes ``wlmail lsp`` re-check a
5,000-line file within a few tens of milliseconds (``benchmarks/lsp_latency.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Any

from wlmail.catalog import fold, get_catalog
from wlmail.errors import WLSyntaxError
from wlmail.runtime.driver import gc_paused, too_deep_is_a_syntax_error
from wlmail.syntax import nodes as n
from wlmail.syntax.parser import parse_program
from wlmail.syntax.tokens import Token

_HEAD = re.compile(r"[ \t]*([^\W\d]\w*)(?:[ \t]+([^\W\d]\w*))?")


@cache
def _proc_words() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """First words of a procedure header, and the phrases (``PROCÉDURE INTERNE``) that are not
    one (an internal procedure lives inside its procedure's part)."""
    cat = get_catalog()
    words = frozenset(w for w, ids in cat.keyword_words.items() if "PROCEDURE" in ids)
    internal = frozenset(
        parts
        for plist in cat.phrases.values()
        for parts, ident in plist
        if ident == "INTERNAL_PROC"
    )
    return words, internal


@lru_cache(maxsize=1 << 16)
def is_proc_head(line: str) -> bool:
    m = _HEAD.match(line)
    if m is None:
        return False
    words, internal = _proc_words()
    first = fold(m.group(1))
    if first not in words:
        return False
    second = fold(m.group(2) or "")
    return (first, second) not in internal


@dataclass(eq=False)
class Part:
    """One part of a document, with what was learnt about it (lines are the document's)."""

    text: str
    start: int  # 1-based line of the document where the part begins
    lines: int
    program: n.Program | None = None
    tokens: list[Token] = field(default_factory=list)
    error: WLSyntaxError | None = None
    header: str = ""  # a procedure's first line(s): what other parts see of it
    # filled by the analysis (lsp/analysis.py)
    checked: bool = False
    # lines moved since the tree, tokens, problems and records were made: they are moved
    # for real (:func:`materialize`) only when the part is compiled again
    delta: int = 0
    raw_problems: list[Any] = field(default_factory=list)
    raw_records: list[Any] = field(default_factory=list)
    _shown: dict[str, tuple[int, list[Any]]] = field(default_factory=dict)
    _names: frozenset[str] | None = None

    @property
    def problems(self) -> list[Any]:
        return self._moved("problems", self.raw_problems)

    @problems.setter
    def problems(self, value: list[Any]) -> None:
        self.raw_problems = [replace(p, line=p.line - self.delta) for p in value]
        self._shown.pop("problems", None)

    @property
    def records(self) -> list[Any]:
        return self._moved("records", self.raw_records)

    @records.setter
    def records(self, value: list[Any]) -> None:
        self.raw_records = [replace(r, line=r.line - self.delta) for r in value]
        self._shown.pop("records", None)

    def _moved(self, what: str, raw: list[Any]) -> list[Any]:
        """``raw`` where the part now stands (made once per position)."""
        if not self.delta:
            return raw
        shown = self._shown.get(what)
        if shown is None or shown[0] != self.delta:
            shown = self._shown[what] = (
                self.delta,
                [replace(x, line=x.line + self.delta) for x in raw],
            )
        return shown[1]

    def names(self) -> frozenset[str]:
        """Every word of the part, folded (what it may refer to)."""
        if self._names is None:
            self._names = frozenset(fold(str(t)) for t in self.tokens)
        return self._names

    @property
    def end(self) -> int:
        return self.start + self.lines - 1

    @property
    def is_proc(self) -> bool:
        return bool(self.header)


@cache
def _block_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words of ``FIN`` and ``Interface`` (an interface lists ``PROCÉDURE`` prototypes)."""
    words = get_catalog().keyword_words.items()
    ends = frozenset(w for w, ids in words if "END" in ids)
    return ends, frozenset(w for w, ids in words if "INTERFACE" in ids)


def _cuts(lines: list[str]) -> list[int]:
    """Where each procedure begins: at each ``PROCÉDURE`` line, except the prototypes of an
    interface (``I est une Interface`` … ``FIN``), which belong to the main code."""
    ends, interfaces = _block_words()
    cuts, inside = [0], False
    for i, line in enumerate(lines):
        if inside:
            first = _HEAD.match(line)
            inside = first is None or fold(first.group(1)) not in ends
        elif i and is_proc_head(line):
            cuts.append(i)
        elif any(w in line.casefold() for w in interfaces):
            code = line.split("//")[0].rstrip()
            words = re.findall(r"[^\W\d]\w*", code)
            last = code[-len(words[-1]) :] if words else ""
            inside = len(words) >= 3 and fold(last) in interfaces and '"' not in code
    return cuts


def split(text: str) -> list[tuple[str, int, int, str]]:
    """(text, first line, line count, header) of each part; the main code always comes first."""
    lines = text.splitlines(keepends=True)
    cuts = _cuts(lines)
    out: list[tuple[str, int, int, str]] = []
    for k, a in enumerate(cuts):
        b = cuts[k + 1] if k + 1 < len(cuts) else len(lines)
        chunk = lines[a:b]
        header = ""
        if k or (lines and is_proc_head(lines[0])):
            head_lines = []
            for line in chunk:
                head_lines.append(line.strip())
                if not line.rstrip().endswith("..."):
                    break
            header = " ".join(head_lines)
        out.append(("".join(chunk), a + 1, max(1, b - a), header))
    if out and out[0][3]:
        out.insert(0, ("", 1, 1, ""))  # no main code: an empty one
    return out


def shift(part: Part, delta: int) -> None:
    """Move a part by ``delta`` lines (its contents follow when read or compiled)."""
    part.start += delta
    part.delta += delta


def materialize(part: Part) -> None:
    """Move a part's tree, tokens, syntax error and records to where the part now stands."""
    delta = part.delta
    if not delta:
        return
    todo: list[Any] = [part.program] if part.program is not None else []
    while todo:
        item = todo.pop()
        if isinstance(item, n.Node):
            item.line += delta
            todo.extend(
                v
                for k, v in vars(item).items()
                if k not in ("line", "col") and isinstance(v, list | tuple | n.Node)
            )
        elif isinstance(item, list | tuple):
            todo.extend(item)
    for tok in part.tokens:
        tok.line += delta
        tok.end_line += delta
    if part.error is not None:
        part.error.line += delta
    problems, records = part.problems, part.records
    part.delta = 0
    part.problems, part.records = problems, records


def parse_part(part: Part, filename: str, lang: str) -> None:
    """Parse one part on its own; its lines count from 1 until :func:`materialize`."""
    tokens: list[Token] = []
    part.delta = part.start - 1
    try:
        with gc_paused(), too_deep_is_a_syntax_error(filename, lang):
            program = parse_program(part.text, filename, tokens, lang)
    except WLSyntaxError:
        part.error = _where_it_stands(part, filename, lang)
        part.program = _header_only(part, filename, lang)
        return
    part.program, part.tokens = program, tokens


def _where_it_stands(part: Part, filename: str, lang: str) -> WLSyntaxError | None:
    """The syntax error again, parsed at the part's place: its message may cite a line
    (``FIN manquant pour le SI de la ligne 3``). Its position is kept relative like the rest."""
    try:
        with gc_paused(), too_deep_is_a_syntax_error(filename, lang):
            parse_program("\n" * (part.start - 1) + part.text, filename, lang=lang)
    except WLSyntaxError as err:
        err.line -= part.start - 1
        return err
    return None


def _header_only(part: Part, filename: str, lang: str) -> n.Program | None:
    """A procedure that does not parse still exists for the others: its header alone."""
    if not part.header:
        return None
    head = []
    for line in part.text.splitlines():  # as written: a problem's column counts its indent
        head.append(line)
        if not line.rstrip().endswith("..."):
            break
    try:
        return parse_program("\n".join(head) + "\n", filename, lang=lang)
    except WLSyntaxError:
        return None


def update(old: list[Part], text: str, filename: str, lang: str) -> list[Part]:
    """The parts of ``text``, reusing (shifted) the old parts whose text is unchanged."""
    spare: dict[str, list[Part]] = {}
    for part in old:
        spare.setdefault(part.text, []).append(part)
    out: list[Part] = []
    for chunk, start, count, header in split(text):
        reuse = spare.get(chunk)
        if reuse and reuse[0].error is not None and reuse[0].start != start:
            reuse = None  # its message may cite a line that moved: parse it again
        if reuse:
            part = reuse.pop(0)
            shift(part, start - part.start)
        else:
            part = Part(chunk, start, count, header=header)
            parse_part(part, filename, lang)
            if part.error is not None:
                _keep_names(part, old)
        out.append(part)
    return out


def _keep_names(part: Part, old: list[Part]) -> None:
    """A part being typed (``MaSession.`` does not parse yet) keeps the names its previous
    version defined, so that completion still knows ``MaSession``'s type."""
    for donor in old:
        if donor.header == part.header and donor.records:
            part.records = donor.records
            return
