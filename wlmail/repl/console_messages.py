"""The REPL's own messages, French and English (the banner, the help, what the console says)."""

from __future__ import annotations

from wlmail.help import MESSAGES as HELP_MESSAGES
from wlmail.textsafe import escape

MESSAGES: dict[str, dict[str, str]] = {
    "banner": {
        "fr": "wlmail {version}, console WLangage. « :aide » pour l'aide, Ctrl-D pour quitter.",
        "en": "wlmail {version}, WLangage console. ':help' for help, Ctrl-D to quit.",
    },
    "unknown_command": {
        "fr": "commande inconnue : {name} (« :aide » les liste)",
        "en": "unknown command: {name} (':help' lists them)",
    },
    "not_found": {
        "fr": "« {name} » : ni fonction, ni type, ni propriété, ni mot-clé connus",
        "en": "'{name}' is not a known function, type, property or keyword",
    },
    "no_vars": {"fr": "aucune variable", "en": "no variables"},
    "lang_set": {"fr": "langue : français", "en": "language: English"},
    "lang_usage": {"fr": "usage : :langue fr|en", "en": "usage: :lang fr|en"},
    "load_usage": {"fr": "usage : :charge FICHIER", "en": "usage: :load FILE"},
    "file_error": {"fr": "{path} : {error}", "en": "{path}: {error}"},
    "hint": {
        "fr": " Entrée : exécuter · Échap Entrée : forcer · Tab : compléter · :aide"
        " · Ctrl-D : quitter",
        "en": " Enter: run · Esc Enter: force · Tab: complete · :help · Ctrl-D: quit",
    },
    **HELP_MESSAGES,
}

HELP: dict[str, str] = {
    "fr": """\
Touches
  Entrée          exécute si la saisie est complète ; dans un bloc ouvert (SI, POUR, SELON,
                  PROCÉDURE…), va à la ligne avec l'indentation ; une PROCÉDURE se termine
                  par une ligne vide
  Échap Entrée    (Meta+Entrée) exécute tout de suite
  Tab             complète (mots-clés, fonctions, types, constantes, variable. → propriétés,
                  chemins dans les chaînes) ; en début de ligne, indente
  → ou Ctrl-E     accepte la suggestion grisée (historique)
  ↑ ↓, Ctrl-R     historique
  Ctrl-X Ctrl-E   édite la saisie dans $EDITOR
  Ctrl-C          efface la saisie ; pendant une exécution, l'interrompt
  Ctrl-D          quitte (sur une ligne vide)
Commandes
  :aide NOM       l'entrée du catalogue : noms français et anglais, paramètres, statut
  :vars           les variables et leurs valeurs (mots de passe et jetons masqués)
  :charge FICHIER exécute un fichier .wl dans la session
  :langue fr|en   langue des messages et de la complétion
  :quitter        quitte (comme Ctrl-D, exit ou quit)
Une expression seule affiche sa valeur : 2 + 3 affiche 5.""",
    "en": """\
Keys
  Enter           runs when the input is complete; inside an open block (IF, FOR, SWITCH,
                  PROCEDURE…), starts a new indented line; a PROCEDURE ends with an empty line
  Esc Enter       (Meta+Enter) runs now
  Tab             completes (keywords, functions, types, constants, variable. → properties,
                  paths inside strings); at the start of a line, indents
  → or Ctrl-E     accepts the greyed suggestion (history)
  Up Down, Ctrl-R history
  Ctrl-X Ctrl-E   edits the input in $EDITOR
  Ctrl-C          clears the input; while something runs, interrupts it
  Ctrl-D          quits (on an empty line)
Commands
  :help NAME      the catalog entry: French and English names, parameters, status
  :vars           variables and their values (passwords and tokens masked)
  :load FILE      runs a .wl file in this session
  :lang fr|en     language of messages and completion
  :quit           quits (like Ctrl-D, exit or quit)
A lone expression prints its value: 2 + 3 prints 5.""",
}


def message(msg_id: str, lang: str, **values: object) -> str:
    texts = MESSAGES[msg_id]
    safe = {k: v if isinstance(v, int | float) else escape(str(v)) for k, v in values.items()}
    return (texts.get(lang) or texts["en"]).format(**safe)
