// Collection de procédures « Courrier » : ouvrir la session, préparer et envoyer un rapport.

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

PROCÉDURE PrépareRapport(sDestinataire est une chaîne) : Email
MonMessage est un Email
MonMessage.Expéditeur = gsExpéditeur
Ajoute(MonMessage.Destinataire, sDestinataire)
MonMessage.Sujet = PRÉFIXE_SUJET + "rapport du " + DateVersChaîne(DateDuJour(), "JJ/MM/AAAA")
MonMessage.Message = "Bonjour," + RC + "voici le rapport de " + APPLICATION + "."
sModèles est une chaîne = fRepExe() + [fSep] + "modeles"
sHTML est une chaîne = fChargeTexte(sModèles + fSep + "rapport.html")
SI PAS EmailImporteHTML(MonMessage, sHTML, sModèles) ALORS
	Erreur("Modèle HTML : " + ErreurInfo(errMessage))
FIN
RENVOYER MonMessage

PROCÉDURE EnvoieRapport(MaSession est un emailSessionSMTP, sDestinataire est une chaîne)
SI PAS Contient(sDestinataire, "@") ALORS
	Trace("adresse ignorée : " + sDestinataire)
	RETOUR
FIN
MonMessage est un Email = PrépareRapport(sDestinataire)
SI EmailEnvoieMessage(MaSession, MonMessage) ALORS
	gnEnvoyés++
SINON
	Erreur("Échec pour " + sDestinataire + " : " + ErreurInfo(errMessage))
FIN
