// L'exemple de la documentation tel quel (emailSessionSMTP), sans compte :
//   wlmail run --sandbox samples/doc-emailsessionsmtp-fr.wl
// Connexion avec authentification 
// Session SMTP sécurisée TLS
MaSessionSMTP est un emailSessionSMTP
OAuthCnxGoogle est un OAuth2Paramètres

// Paramètres de connexion OAuth
OAuthCnxGoogle.ClientID = "ID de l'application"
OAuthCnxGoogle.ClientSecret = "ID secret de l'application"
OAuthCnxGoogle.URLAuth = "https://accounts.google.com/o/oauth2/auth"
OAuthCnxGoogle.URLToken = "https://accounts.google.com/o/oauth2/token"
OAuthCnxGoogle.Scope = "https://mail.google.com/"
OAuthCnxGoogle.URLRedirection = "http://localhost:9000"
OAuthCnxGoogle.TypeRéponse = oauth2TypeRéponseCode

// Identification OAuth
MaSessionSMTP.AdresseServeur = "smtp.gmail.com"
MaSessionSMTP.Nom = "utilisateur@gmail.com"
MaSessionSMTP.MotDePasse = "secret"
MaSessionSMTP.Port = 587
MaSessionSMTP.Option = emailOptionSécuriséTLS
MaSessionSMTP.AuthToken = AuthIdentifie(OAuthCnxGoogle)

// Si l'identification a réussi, il faut se connecter à la boîte email
SI MaSessionSMTP.AuthToken <> Null ALORS
	SI EmailOuvreSession(MaSessionSMTP) = Faux ALORS
		// Erreur d'ouverture de session
		Erreur("Impossible d'ouvrir la session SMTP.", ErreurInfo(), ...
			"En cas de TimeOut, assurez-vous des paramètres du " + ...
			"""Pare-Feu"" sur le port utilisé (" + ...
			MaSessionSMTP.Port + ")")
		RETOUR
	FIN
	// Envoi d'un message
	MonEmail est un Email
	...
	EmailEnvoieMessage(MaSessionSMTP, MonEmail)
	...
	EmailFermeSession(MaSessionSMTP)
SINON
	// Erreur d'authentification
FIN
