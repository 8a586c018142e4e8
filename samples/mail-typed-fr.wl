// Envoi d'un email avec les variables typées (emailSessionSMTP + Email), en français.
// Pour essayer sans vrai serveur (serveur SMTP embarqué, le message arrive dans ./outbox) :
//   wlmail run --sandbox samples/mail-typed-fr.wl

MaSession est un emailSessionSMTP
MaSession.AdresseServeur = "smtp.exemple.fr"
MaSession.Port = 587
MaSession.Nom = "service@exemple.fr"
MaSession.MotDePasse = "mot-de-passe-d-application"
MaSession.Option = emailOptionSécuriséTLS

EmailChangeTimeOut(30)
SI PAS EmailOuvreSession(MaSession) ALORS
	Erreur("Impossible d'ouvrir la session SMTP : " + ErreurInfo())
	RETOUR
FIN

MonMessage est un Email
MonMessage.Expéditeur = "Service Clients <service@exemple.fr>"
Ajoute(MonMessage.Destinataire, "client@exemple.fr")
Ajoute(MonMessage.Cc, "commercial@exemple.fr")
Ajoute(MonMessage.Cci, "archives@exemple.fr")
MonMessage.Sujet = "Votre commande n°1234 est expédiée"
MonMessage.Message = "Bonjour," + RC + "votre commande est partie ce matin." + RC + "Cordialement."
MonMessage.HTML = "<p>Bonjour,</p><p>votre commande est <b>partie</b> ce matin.</p>"
MonMessage.Attache[1].Nom = "bon-de-livraison.txt"
MonMessage.Attache[1].Contenu = "Commande 1234 : 3 articles"
MonMessage.Attache[1].ContentType = "text/plain"

SI EmailEnvoieMessage(MaSession, MonMessage, emailOptionEncodeEntête) ALORS
	Info("Message envoyé (identifiant " + MonMessage.ID + ")")
SINON
	Erreur("Échec de l'envoi : " + ErreurInfo())
FIN

EmailFermeSession(MaSession)
