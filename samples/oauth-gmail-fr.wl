// L'exemple de la documentation, complété : un message part vraiment. Essai sans compte :
//   wlmail run --sandbox samples/oauth-gmail-fr.wl
MaSessionSMTP est un emailSessionSMTP
OAuthCnxGoogle est un OAuth2Paramètres
OAuthCnxGoogle.ClientID = "ID de l'application"
OAuthCnxGoogle.ClientSecret = "ID secret de l'application"
OAuthCnxGoogle.URLAuth = "https://accounts.google.com/o/oauth2/auth"
OAuthCnxGoogle.URLToken = "https://accounts.google.com/o/oauth2/token"
OAuthCnxGoogle.Scope = "https://mail.google.com/"
OAuthCnxGoogle.URLRedirection = "http://localhost:9000"
OAuthCnxGoogle.TypeRéponse = oauth2TypeRéponseCode
MaSessionSMTP.AdresseServeur = "smtp.gmail.com"
MaSessionSMTP.Nom = "utilisateur@gmail.com"
MaSessionSMTP.MotDePasse = "secret"
MaSessionSMTP.Port = 587
MaSessionSMTP.Option = emailOptionSécuriséTLS
MaSessionSMTP.AuthToken = AuthIdentifie(OAuthCnxGoogle)
SI MaSessionSMTP.AuthToken = Null ALORS
	Erreur("Identification OAuth impossible", ErreurInfo())
	RETOUR
FIN
SI EmailOuvreSession(MaSessionSMTP) = Faux ALORS
	Erreur("Impossible d'ouvrir la session SMTP.", ErreurInfo())
	RETOUR
FIN
MonEmail est un Email
MonEmail.Expéditeur = "utilisateur@gmail.com"
Ajoute(MonEmail.Destinataire, "destinataire@exemple.fr")
MonEmail.Sujet = "Essai OAuth 2.0"
MonEmail.Message = "Envoyé avec XOAUTH2."
SI EmailEnvoieMessage(MaSessionSMTP, MonEmail) ALORS
	Info("envoyé")
SINON
	Erreur("Échec de l'envoi", ErreurInfo())
FIN
EmailFermeSession(MaSessionSMTP)
