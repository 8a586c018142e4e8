// Collection de procédures « Courrier » : ouvrir la session, envoyer un rapport (CRapport).

PROCÉDURE OuvreSessionSMTP(MaSession est un emailSessionSMTP) : booléen
MaSession.AdresseServeur = gsServeur
MaSession.Port = gnPort
MaSession.Nom = gsUtilisateur
MaSession.MotDePasse = gsMotDePasse
MaSession.Option = emailOptionSécuriséTLS
SI PAS EmailOuvreSession(MaSession) ALORS
	Erreur(APPLICATION + " : session SMTP impossible : " + ErreurInfo(errMessage))
	RENVOYER Faux
FIN
RENVOYER Vrai

PROCÉDURE EnvoieRapport(MaSession est un emailSessionSMTP, sDestinataire est une chaîne)
SI PAS Contient(sDestinataire, "@") ALORS
	Trace("adresse ignorée : " + sDestinataire)
	RETOUR
FIN
// le rapport de chaque destinataire est un objet ; les urgents ont leur classe (polymorphisme)
Rapport est un CRapport dynamique
SI Contient(gsUrgents, sDestinataire) ALORS
	Rapport = allouer un CRapportUrgent(sDestinataire)
SINON
	Rapport = allouer un CRapport(sDestinataire)
FIN
MonMessage est un Email = Rapport.Message()
libérer Rapport
SI EmailEnvoieMessage(MaSession, MonMessage) ALORS
	gnEnvoyés++
SINON
	Erreur("Échec pour " + sDestinataire + " : " + ErreurInfo(errMessage))
FIN
