// Accent-free and mixed French/English words: `translate` writes each in its canonical
// spelling (issue 14: `A` -> `À`, `Expediteur` -> `Expéditeur` once, then stable).
CONSTANTE
	LIMITE = 3	// si, alors, fin: a comment is never touched
FIN
nTotal est un entier = 0
sNom est une chaîne = "Expediteur A TANT QUE"
bOK est booléen
tabPrix est un tableau de entiers = [10, 20, 30]
tabMots sont des tableaux de chaînes
POUR i = 1 À LIMITE PAS 1
	SI i = 2 ALORS CONTINUER
	nTotal += tabPrix[i]
FIN
POUR TOUT nPrix DE tabPrix
	SI nPrix > 15 ET PAS bOK ALORS nTotal ++
FIN
TANTQUE nTotal > 100
	nTotal = nTotal - 10
FIN
MonMessage est un Email
MonMessage.Expéditeur = "moi@exemple.fr"
MonMessage.Sujet = "Rapport " + sNom
Ajoute(MonMessage.Destinataire, "toi@exemple.fr")
Info(nTotal, ChaîneConstruit("%1 envoi(s)", MonMessage.Destinataire..Occurrence))
Info(Taille(sNom), Taille(MonMessage.Sujet), Vrai ET Faux)
