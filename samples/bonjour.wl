// Préparer les messages d'une campagne : déclarations, boucles, procédures, chaînes.
//   wlmail run samples/bonjour.wl
CONSTANTE
	EXPÉDITEUR = "equipe@exemple.fr"
FIN
tabDest est un tableau de chaînes = ["zoe@exemple.fr", "marc@exemple.fr", "pas-une-adresse"]
nOK, nKO sont des entiers

POUR TOUT sAdr, i DE tabDest
	SI PAS sAdr [=] "@" ALORS
		nKO++
		Trace("adresse ignorée : " + sAdr)
		CONTINUER
	FIN
	nOK++
	Info(Prépare(sAdr, i))
FIN
Info(ChaîneConstruit("%1 message(s) prêt(s), %2 ignoré(s)", nOK, nKO))

PROCÉDURE Prépare(LOCAL sÀ est une chaîne, nRang est un entier) : chaîne
sNom est une chaîne = Gauche(sÀ, Position(sÀ, "@") - 1)
RENVOYER "[%nRang%] De : " + EXPÉDITEUR + " — À : " + sÀ + " — Bonjour " + Majuscule(sNom[[1]]) + sNom[[2 À]] + " !"
