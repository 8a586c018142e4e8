// Accent-free and mixed French/English words: `translate` writes each in its canonical
// spelling (issue 14: `A` -> `À`, `Expediteur` -> `Expéditeur` once, then stable).
CONSTANTE
	LIMITE = 3	// si, alors, fin: a comment is never touched
FIN
nTotal est un entier = 0
sNom est une chaine = "Expediteur A TANT QUE"
bOK est booléen
tabPrix est un tableau de entiers = [10, 20, 30]
tabMots sont des tableaux de chaines
pour i = 1 a LIMITE Pas 1
	Si i = 2 Alors continuer
	nTotal += tabPrix[i]
Fin
Pour Tous nPrix De tabPrix
	SI nPrix > 15 et PAS bOK ALORS nTotal ++
FIN
TANT QUE nTotal > 100
	nTotal = nTotal - 10
fin
MonMessage est un Email
MonMessage.Expediteur = "moi@exemple.fr"
MonMessage.sujet = "Rapport " + sNom
Ajoute(MonMessage.Destinataire, "toi@exemple.fr")
Info(nTotal, chainecONSTRUIT("%1 envoi(s)", MonMessage.Destinataire..Occurrence))
Info(Taille(sNom), Taille(MonMessage.Sujet), vrai ET Faux)
