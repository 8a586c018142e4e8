"""The editor package: editors/vscode's manifest, its TextMate grammar (generated from the
catalog, never stale) and the Neovim configuration the README gives."""

from __future__ import annotations

import json
import re
from pathlib import Path

from wlmail.lsp import textmate

ROOT = Path(__file__).resolve().parent.parent
VSCODE = ROOT / "editors" / "vscode"


def test_grammar_is_generated_from_the_catalog() -> None:
    path = VSCODE / "syntaxes" / "wlangage.tmLanguage.json"
    assert path.read_text(encoding="utf-8") == textmate.render()
    assert textmate.main(["--check", str(path)]) == 0


def test_grammar_reads_both_languages_accents_and_case_optional() -> None:
    patterns = {p["name"]: p.get("match", "") for p in textmate.grammar()["patterns"]}

    def scope(word: str) -> str:
        return next(
            (name for name, rx in patterns.items() if rx and re.fullmatch(rx, word)), "none"
        )

    assert scope("PROCÉDURE") == scope("procedure") == "keyword.control.wlangage"
    assert scope("TantQue") == scope("WHILE") == "keyword.control.wlangage"
    assert scope("EmailEnvoieMessage") == scope("emailsendmessage") == "support.function.wlangage"
    assert scope("chaine") == scope("Chaîne") == scope("string") == "support.type.wlangage"
    assert scope("emailOptionSécuriséTLS") == "support.constant.wlangage"
    assert scope("sAdresse") == "none"


def test_vscode_manifest_names_what_exists() -> None:
    manifest = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    (language,) = manifest["contributes"]["languages"]
    (grammar,) = manifest["contributes"]["grammars"]
    assert language["id"] == grammar["language"] == "wlangage"
    assert ".wl" in language["extensions"]
    assert grammar["scopeName"] == textmate.grammar()["scopeName"]
    for relative in (manifest["main"], language["configuration"], grammar["path"]):
        assert (VSCODE / relative).is_file(), relative
    config = json.loads((VSCODE / "language-configuration.json").read_text(encoding="utf-8"))
    assert config["comments"]["lineComment"] == "//"
    default = manifest["contributes"]["configuration"]["properties"]["wlmail.command"]["default"]
    assert default == ["wlmail", "lsp"]
    assert '"wlmail", "lsp"' in (ROOT / "editors" / "nvim" / "wlmail.lua").read_text()
