// Deux sessions de l'ancienne syntaxe, chacune désignée par son utilisateur (une variable et un
// littéral) ; EmailEnvoieMessage(utilisateur, options) envoie la structure Email.
sCompta est une chaîne = "compta@exemple.fr"

SI PAS EmailOuvreSessionSMTP(sCompta, "secret", "smtp.exemple.fr", 587, Faux, emailOptionSécuriséTLS) ALORS
	Erreur("Session de la compta impossible : " + ErreurInfo())
	RETOUR
FIN
SI PAS EmailOuvreSessionSMTP("rh@exemple.fr", "secret", "smtp.exemple.fr", 465, emailSynchrone, "2") ALORS
	Erreur("Session RH impossible : " + ErreurInfo())
	RETOUR
FIN

EmailRAZ()
Email.Expéditeur = sCompta
Email.Destinataire = "direction@exemple.fr"
Email.Sujet = "De la compta"
Email.Message = "Les comptes sont clos."
SI EmailEnvoieMessage(sCompta, emailOptionEncodeEntête) ALORS
	Info("Envoyé par la compta")
FIN

EmailRAZ()
Email.Expéditeur = "rh@exemple.fr"
Email.Destinataire[1] = "equipe@exemple.fr"
Email.Cc[1] = "direction@exemple.fr"
Email.Sujet = "Des RH"
Email.Message = "Réunion lundi."
SI EmailEnvoieMessage("rh@exemple.fr") = Vrai ALORS
	Info("Envoyé par les RH")
SINON
	Erreur(ErreurInfo())
FIN

EmailFermeSession(sCompta)
EmailFermeSession("rh@exemple.fr")
