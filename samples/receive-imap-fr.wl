// Envoi d'un message à soi-même puis lecture de la boîte en IMAP (variables typées :
// emailSessionIMAP, tableau de Email rempli par EmailRécupèreTout).
// Pour essayer sans vrai serveur (SMTP et IMAP embarqués, boîte = le dossier ./outbox) :
//   wlmail run --sandbox samples/receive-imap-fr.wl

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
Note.Sujet = "Pense-bête : relevé IMAP"
Note.Message = "Relire la boîte en IMAP."
SI PAS EmailEnvoieMessage(Envoi, Note) ALORS
	Erreur("Échec de l'envoi : " + ErreurInfo())
FIN
EmailFermeSession(Envoi)

// IMAP avec STARTTLS (port 143)
Lecture est un emailSessionIMAP
Lecture.AdresseServeur = "imap.exemple.fr"
Lecture.Nom = "moi@exemple.fr"
Lecture.MotDePasse = "mot-de-passe-d-application"
Lecture.Option = emailOptionSécuriséTLS
SI PAS EmailOuvreSession(Lecture) ALORS
	Erreur("Impossible d'ouvrir la session IMAP : " + ErreurInfo())
	RETOUR
FIN
NonLus est un tableau de Emails = EmailRécupèreTout(Lecture, ertNonLus)
Info("Messages non lus : " + TableauOccurrence(NonLus))
POUR TOUT Reçu DE NonLus
	Info(Reçu.Expéditeur + " : " + Reçu.Sujet)
FIN
EmailFermeSession(Lecture)
