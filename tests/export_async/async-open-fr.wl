// Une session asynchrone que le script ne ferme pas : le programme ne se termine pas avant
// d'avoir envoyé sa file (décision 19).
s est un emailSessionSMTP
s.AdresseServeur = "smtp.exemple.fr"
s.Port = "587"
s.Option = emailOptionSécuriséTLS + emailProtocoleSMTPS
s.Nom = "envoi@exemple.fr"
s.MotDePasse = "secret"
s.Asynchrone = emailAsynchrone
Info(s)
SI s.OuvreSession() = Faux ALORS
	Erreur(ErreurInfo())
	RETOUR
FIN
m est un Email
m.Expéditeur = "envoi@exemple.fr"
m.Destinataire = "dora@exemple.fr"
m.Sujet = "Sans fermeture"
m.Message = "La file part avant la fin du programme."
Info(m)
s.EnvoieMessage(m)
Info("fin du script")
