// Constantes communes, incluses par EXTERNE dans le code d'initialisation du projet.
CONSTANTE
	APPLICATION = "Relances"
	SÉPARATEUR_LISTE = ";"
	PRÉFIXE_SUJET = "[Relances] "
FIN
