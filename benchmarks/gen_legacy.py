"""Generate a legacy-style WLangage script of N lines (parse/check benchmarks)."""

from __future__ import annotations

import sys

BLOCK = """\
// Envoi du rapport numéro {i}
PROCÉDURE EnvoieRapport{i}(LOCAL sDest est une chaîne, nEssais est un entier = 3) : booléen
sCorps est une chaîne = "Bonjour," + RC + "voici le rapport {i}."
tabLignes est un tableau de chaînes
POUR i = 1 À nEssais
	SI i modulo 2 = 0 ALORS
		Ajoute(tabLignes, "essai pair " + i)
	SINON SI i > 10 ALORS
		Trace("beaucoup d'essais", i)
	SINON
		Ajoute(tabLignes, ChaîneConstruit("essai %1 pour %2", i, sDest))
	FIN
FIN
SELON Taille(sDest)
	CAS 0 : RENVOYER Faux
	CAS 1 À 5
		Trace("adresse courte : " + sDest)
	AUTRE CAS
		sCorps += [RC] + TableauVersChaîne(tabLignes, RC)
FIN
QUAND EXCEPTION DANS
	nTotal est un entier = nEssais * 2 + Taille(sCorps) / ...
		(1 + nEssais)
FAIRE
	Trace(ExceptionInfo())
	RENVOYER Faux
FIN
RENVOYER sDest [=] "@" ET nTotal > 0
"""


def generate(lines: int) -> str:
    out: list[str] = ['Info("début")\n']
    count, i = 1, 0
    block_lines = BLOCK.count("\n")
    while count + block_lines <= lines:
        out.append(BLOCK.format(i=i))
        count += block_lines
        i += 1
    return "".join(out)


if __name__ == "__main__":
    sys.stdout.write(generate(int(sys.argv[1]) if len(sys.argv) > 1 else 10000))
