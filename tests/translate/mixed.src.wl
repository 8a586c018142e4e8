// Accent-free and mixed French/English words: `translate` writes each in its canonical
// spelling (issue 14: `A` -> `À`, `Expediteur` -> `Expéditeur` once, then stable).
CONSTANTE
	LIMITE = 3	// si, alors, fin: a comment is never touched
FIN
nTotal est un entier = 0
sNom est une chaine = "Expediteur A TANT QUE"
bOK est booléen
tabPrix is array of int = [10, 20, 30]
tabMots sont des tableaux de chaines
pour i = 1 a LIMITE Step 1
	If i = 2 Alors continuer
	nTotal += tabPrix[i]
Fin
Pour Tous nPrix De tabPrix
	SI nPrix > 15 and PAS bOK ALORS nTotal ++
END
TANT QUE nTotal > 100
	nTotal = nTotal - 10
fin
MonMessage est un Email
MonMessage.Expediteur = "moi@exemple.fr"
MonMessage.subject = "Rapport " + sNom
Ajoute(MonMessage.Destinataire, "toi@exemple.fr")
Info(nTotal, chainecONSTRUIT("%1 envoi(s)", MonMessage.Destinataire..Occurrence))
Info(Taille(sNom), Length(MonMessage.Sujet), vrai ET False)
