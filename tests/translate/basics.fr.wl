// Mots-clés, styles de casse, commentaires et chaînes : rien d'autre ne bouge.
CONSTANTE
	TAUX = 20	// un commentaire avec SI et FIN
FIN
nTotal est un entier = 0
sNom est une chaîne = "SI ALORS FIN [% Taille(nTotal) %]"
tabPrix est un tableau d'entiers = [10, 20, 30]
tabMots est un tableau de chaînes
dJour est une date
a, b sont des réels
bOK est booléen

POUR TOUT nPrix, i DE tabPrix
	SI nPrix > 15 ET PAS bOK ALORS
		nTotal += nPrix * TAUX / 100
	SINON SI nPrix = 10 ALORS
		CONTINUER
	FIN
FIN
Pour i = 1 À 3 pas 1
	si i = 2 alors sortir
fin
SELON nTotal
	CAS 0 : Info("rien")
	CAS 1 À 10 : Info("peu")
	AUTRE   CAS
		Info(ChaîneConstruit("%1 en tout", ...
			nTotal))
FIN
TANTQUE nTotal > 0
	nTotal--
FIN
BOUCLE
	nTotal++
À FAIRE TANTQUE nTotal < 3
Info(Majuscule(sNom[[1 À 2]]), Taille(sNom), Vrai, Faux, Null)
Info(SELON(2, "un", "deux", SINON "autre"))
QUAND EXCEPTION DANS
	ExceptionDéclenche(1, "boum")
FAIRE
	Info(ExceptionInfo(errMessage))
FIN
Trace(tabPrix.Occurrence, tabPrix..Occurrence, dJour..Année > 2000)
Ajoute(tabMots, "x")
tabMots.Ajoute("y")
Length est un entier = Taille(sNom)	// une variable nommée comme une fonction anglaise
Info(Length, ChaîneOccurrence("a,b", ","))
Somme(1, 2)
Info(Carré(3))
Info(WL.Taille("abc"))

PROCÉDURE Somme(LOCAL x est un entier, y est un entier = 2) : entier
	RENVOYER x + y

PROCÉDURE Carré(*)
	RENVOYER MesParamètres[1] * MesParamètres[1]
