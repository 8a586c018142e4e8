// Microsoft 365 (Exchange Online) : SMTP AUTH n'accepte plus les mots de passe (fin 2026).
// OAuth 2.0 + XOAUTH2 sur smtp.office365.com:587 (STARTTLS). Le token est gardé dans un
// fichier : après une première identification, le script tourne sans surveillance (cron),
// le token expiré est renouvelé avant XOAUTH2 et le nouveau est enregistré.
// Essai sans compte :
//   wlmail run --sandbox samples/oauth-microsoft365-fr.wl
// Sans navigateur sur la machine : wlmail run --no-browser (collez l'adresse finale), ou
// l'extension wlmail URLCodeAppareil (code d'appareil, voir le README).
sFichierToken est une chaîne = fRepEnCours() + fSep() + "token-microsoft365.bin"
MS est un OAuth2Paramètres
MS.ClientID = "00000000-0000-0000-0000-000000000000" // ID d'application (client) Entra ID
MS.URLAuth = "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize"
MS.URLToken = "https://login.microsoftonline.com/organizations/oauth2/v2.0/token"
MS.Scope = "https://outlook.office.com/SMTP.Send offline_access"
MS.URLRedirection = "http://localhost:9000"
// MS.URLCodeAppareil = "https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode"
MonToken est un AuthToken
bTokenGardé est un booléen = fFichierExiste(sFichierToken)
SI bTokenGardé ALORS
	Désérialise(MonToken, fChargeBuffer(sFichierToken), psdBinaire)
SINON
	MonToken = AuthIdentifie(MS)
	SI MonToken = Null ALORS
		Erreur("Identification Microsoft impossible", ErreurInfo())
		RETOUR
	FIN
FIN
MaSession est un emailSessionSMTP
MaSession.AdresseServeur = "smtp.office365.com"
MaSession.Port = 587
MaSession.Option = emailOptionSécuriséTLS
MaSession.Nom = "utilisateur@contoso.onmicrosoft.com"
MaSession.AuthToken = MonToken
bOuverte est un booléen = EmailOuvreSession(MaSession)
SI PAS bOuverte ET bTokenGardé ALORS
	// token gardé refusé (révoqué, d'une autre exécution…) : une nouvelle identification
	Trace("Token gardé refusé : " + ErreurInfo())
	MonToken = AuthIdentifie(MS)
	SI MonToken <> Null ALORS
		MaSession.AuthToken = MonToken
		bOuverte = EmailOuvreSession(MaSession)
	FIN
FIN
SI PAS bOuverte ALORS
	Erreur("Impossible d'ouvrir la session SMTP", ErreurInfo())
	RETOUR
FIN
// Le token a pu être renouvelé (Microsoft remplace alors son Actualisation) : on garde le nouveau.
bufToken est un Buffer
Sérialise(MonToken, bufToken, psdBinaire)
fSauveBuffer(sFichierToken, bufToken)
MonEmail est un Email
MonEmail.Expéditeur = "utilisateur@contoso.onmicrosoft.com"
Ajoute(MonEmail.Destinataire, "destinataire@exemple.fr")
MonEmail.Sujet = "Essai Microsoft 365"
MonEmail.Message = "Envoyé avec OAuth 2.0 (XOAUTH2)."
SI EmailEnvoieMessage(MaSession, MonEmail) ALORS
	Info("envoyé")
SINON
	Erreur("Échec de l'envoi", ErreurInfo())
FIN
EmailFermeSession(MaSession)
