// Envoi asynchrone : les messages partent en file, le script continue ; EmailFermeSession
// attend que la file soit envoyée.
MaSession est un emailSessionSMTP
MaSession.AdresseServeur = "smtp.exemple.fr"
MaSession.Port = 587
MaSession.Option = emailOptionSécuriséTLS
MaSession.Nom = "envoi@exemple.fr"
MaSession.MotDePasse = "secret"
MaSession.Asynchrone = Vrai

SI PAS EmailOuvreSession(MaSession) ALORS
	Erreur("Session impossible : " + ErreurInfo())
	RETOUR
FIN

Premier est un Email
Premier.Expéditeur = "envoi@exemple.fr"
Premier.Destinataire = "alice@exemple.fr"
Premier.Sujet = "Premier"
Premier.Message = "Bonjour Alice"
Premier.Priorité = emailPrioritéNormale
SI EmailEnvoieMessage(MaSession, Premier) ALORS
	Info("Premier en file : " + Premier.ID)
FIN

Second est un Email
Second.Expéditeur = "envoi@exemple.fr"
Ajoute(Second.Destinataire, "bob@exemple.fr")
Ajoute(Second.Cc, "carole@exemple.fr")
Second.Sujet = "Été"
Second.Message = "Bonjour Bob"
Second.HTML = "<p>Bonjour Bob</p>"
Second.Priorité = emailPrioritéBasse
Info("Priorité : " + Second.Priorité)
MaSession.EnvoieMessage(Second)
Info("Second en file")

EmailFermeSession(MaSession)
Info("Session fermée : tout est envoyé")
