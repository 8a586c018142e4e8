"""Edits ``wlmail lsp`` proposes: formatting, quick fixes, translating the whole file.

* **Formatting**: each line of a block indented by its depth (the REPL's block reading,
  :mod:`wlmail.repl.validate`), one tab or the editor's spaces per level; a procedure's body
  stays at the procedure's level, as WINDEV writes it. Continued lines (after ``...``) and the
  inside of multi-line strings are left as written. Then every WLangage word is written in its
  canonical spelling in the script's language (``si`` → ``si``, ``Expediteur`` →
  ``Expéditeur``, ``IF`` in a French script → ``SI``), by :mod:`wlmail.translate`'s round trip
  through the other language: the case style of each word is kept. A script with a syntax error
  is not formatted.
* **Quick fix** for each "did you mean": replace the word by the suggestion.
* **Translate this file** to French or English: :func:`wlmail.translate.translate`.
"""

from __future__ import annotations

from lsprotocol import types as lsp

from wlmail.errors import WLSyntaxError
from wlmail.lsp.analysis import Document
from wlmail.repl.validate import line_kind, step
from wlmail.translate import translate, translate_only

TRANSLATE_TITLES = {
    ("fr", "fr"): "Traduire ce fichier en français",
    ("fr", "en"): "Traduire ce fichier en anglais",
    ("en", "fr"): "Translate this file to French",
    ("en", "en"): "Translate this file to English",
}


def _whole(text: str) -> lsp.Range:
    lines = text.split("\n")
    return lsp.Range(lsp.Position(0, 0), lsp.Position(len(lines) - 1, len(lines[-1])))


def indent(text: str, unit: str, frozen: set[int]) -> str:
    """``text`` with each line re-indented by its block depth (lines in ``frozen``, 1-based,
    are kept as they are)."""
    stack: list[str] = []
    out = []
    lines = text.split("\n")
    for i, line in enumerate(lines, 1):
        if i in frozen:
            out.append(line)
            continue
        depth = step(stack, line_kind(line))
        if stack[:1] == ["proc"] and depth:
            depth -= 1  # a procedure's body is not indented under its header
        body = line.strip(" \t")
        out.append(unit * depth + body if body.strip() else body.rstrip())
    return "\n".join(out)


def _frozen(doc: Document) -> set[int]:
    """Lines whose indentation is part of their meaning: continued lines, inside literals."""
    frozen: set[int] = set()
    lines = doc.text.split("\n")
    for i, line in enumerate(lines[:-1], 1):
        if line.split("//")[0].rstrip().endswith("..."):
            frozen.add(i + 1)
    for part in doc.parts:
        for tok in part.tokens:
            if tok.end_line > tok.line:
                frozen.update(range(tok.line + 1 + part.delta, tok.end_line + 1 + part.delta))
    return frozen


def canonical(text: str, lang: str, filename: str) -> str:
    """Every WLangage word in its canonical spelling in ``lang`` (round trip via the other)."""
    other = "en" if lang == "fr" else "fr"
    there = translate_only(text, other, filename, keep_spelling=True)
    return translate_only(there, lang, filename, keep_spelling=True)


def formatting(doc: Document, options: lsp.FormattingOptions) -> list[lsp.TextEdit]:
    if any(p.code == "syntax" for p in doc.problems()):
        return []
    unit = " " * options.tab_size if options.insert_spaces else "\t"
    text = indent(doc.text, unit, _frozen(doc))
    try:
        text = canonical(text, doc.lang, doc.filename)
    except WLSyntaxError:
        return []
    if text == doc.text:
        return []
    return [lsp.TextEdit(_whole(doc.text), text)]


def code_actions(doc: Document, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    out: list[lsp.CodeAction] = []
    for diag in params.context.diagnostics:
        data = diag.data if isinstance(diag.data, dict) else None
        suggestion = data.get("suggestion") if data else None
        if suggestion:
            title = ("Remplacer par « {} »" if doc.lang == "fr" else "Replace with '{}'").format(
                suggestion
            )
            out.append(
                lsp.CodeAction(
                    title=title,
                    kind=lsp.CodeActionKind.QuickFix,
                    diagnostics=[diag],
                    is_preferred=True,
                    edit=lsp.WorkspaceEdit(
                        changes={doc.uri: [lsp.TextEdit(diag.range, suggestion)]}
                    ),
                )
            )
    if not any(p.code == "syntax" for p in doc.problems()):
        for to in ("fr", "en"):
            if to != doc.lang:  # the edit is made when chosen (codeAction/resolve)
                out.append(
                    lsp.CodeAction(
                        title=TRANSLATE_TITLES[(doc.lang, to)],
                        kind=lsp.CodeActionKind.RefactorRewrite,
                        data={"uri": doc.uri, "to": to},
                    )
                )
    return out


def resolve_translation(doc: Document, action: lsp.CodeAction) -> lsp.CodeAction:
    """The edit of "translate this file": the whole text in the other language."""
    data = action.data if isinstance(action.data, dict) else {}
    to = data.get("to")
    if to in ("fr", "en"):
        try:
            result = translate(doc.text, to, doc.filename, keep_spelling=True)
        except WLSyntaxError:
            return action
        action.edit = lsp.WorkspaceEdit(
            changes={doc.uri: [lsp.TextEdit(_whole(doc.text), result.text)]}
        )
    return action
