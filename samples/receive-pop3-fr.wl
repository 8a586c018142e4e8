// Envoi d'un message à soi-même puis lecture de la boîte en POP3 (fonctions "historiques" :
// la session est désignée par le nom d'utilisateur et le message lu remplit la structure Email).
// Pour essayer sans vrai serveur (SMTP et POP3 embarqués, boîte = le dossier ./outbox) :
//   wlmail run --sandbox samples/receive-pop3-fr.wl

Envoi est un emailSessionSMTP
Envoi.AdresseServeur = "smtp.exemple.fr"
Envoi.Port = 587
Envoi.Nom = "moi@exemple.fr"
Envoi.MotDePasse = "mot-de-passe-d-application"
Envoi.Option = emailOptionSécuriséTLS

SI PAS EmailOuvreSession(Envoi) ALORS
	Erreur("Impossible d'ouvrir la session SMTP : " + ErreurInfo())
	RETOUR
FIN
Note est un Email
Note.Expéditeur = "Moi <moi@exemple.fr>"
Ajoute(Note.Destinataire, "moi@exemple.fr")
Note.Sujet = "Pense-bête : relevé POP3"
Note.Message = "Relire la boîte en POP3."
SI PAS EmailEnvoieMessage(Envoi, Note) ALORS
	Erreur("Échec de l'envoi : " + ErreurInfo())
FIN
EmailFermeSession(Envoi)

// POP3 sur TLS (port 995)
SI PAS EmailOuvreSessionPOP3("moi@exemple.fr", "mot-de-passe-d-application", "pop.exemple.fr", 995, optionSSL) ALORS
	Erreur("Impossible d'ouvrir la session POP3 : " + ErreurInfo())
	RETOUR
FIN
Info("Messages dans la boîte : " + EmailNbMessage("moi@exemple.fr"))
EmailLitPremier("moi@exemple.fr")
TANTQUE PAS Email.EnDehors
	Info(Email.Expéditeur + " : " + Email.Sujet)
	EmailLitSuivant("moi@exemple.fr")
FIN
EmailFermeSession("moi@exemple.fr")
