// Ancienne syntaxe : session désignée par le nom d'utilisateur et structure Email globale.
// Pour essayer sans vrai serveur (serveur SMTP embarqué, le message arrive dans ./outbox) :
//   wlmail run --sandbox samples/mail-legacy-fr.wl

sUtilisateur est une chaîne = "compta@exemple.fr"
sFichier est une chaîne = fRépertoireTemp() + fSep() + "releve-mensuel.txt"
fSauveTexte(sFichier, "Relevé du mois : 42 factures")

EmailChangeTimeOut(10)
SI PAS EmailOuvreSessionSMTP(sUtilisateur, "secret", "smtp.exemple.fr", 587, Faux, emailOptionSécuriséTLS) ALORS
	Erreur("Session SMTP impossible : " + ErreurInfo())
	RETOUR
FIN

EmailRAZ()
Email.Expéditeur = sUtilisateur
Email.Destinataire[1] = "direction@exemple.fr"
Email.Destinataire[2] = "comptable@exemple.fr"
Email.NbDestinataire = 2
Email.Sujet = "Relevé mensuel"
Email.Message = "Bonjour, veuillez trouver le relevé en pièce jointe."
Email.Attache[1] = sFichier
Email.NbAttache = 1

SI EmailEnvoieMessage(sUtilisateur) ALORS
	Info("Relevé envoyé à " + Email.NbDestinataire + " destinataires")
SINON
	Erreur("Échec : " + ErreurInfo())
FIN

EmailFermeSession(sUtilisateur)
