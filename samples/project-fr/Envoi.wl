// Code principal du projet « Relances » : un rapport à chaque destinataire du .INI.
// Les globales (gsServeur, gnEnvoyés…) viennent de Projet.wl, les procédures de Courrier.wl,
// les constantes de commun\Constantes.wl.

SI gsServeur = "" OU gsDestinataires = "" ALORS
	Erreur("Réglages absents : " + gsFichierIni)
	FinProgramme(2)
FIN

MaSession est un emailSessionSMTP
SI PAS OuvreSessionSMTP(MaSession) ALORS
	FinProgramme(1)
FIN

POUR TOUTE CHAÎNE sAdresse DE gsDestinataires SÉPARÉE PAR SÉPARATEUR_LISTE
	EnvoieRapport(MaSession, SansEspace(sAdresse))
FIN
EmailFermeSession(MaSession)

Info(APPLICATION + " : " + gnEnvoyés + " rapport(s) envoyé(s) par " + gsServeur + ":" + gnPort)
