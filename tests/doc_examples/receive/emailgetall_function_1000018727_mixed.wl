// https://help.windev.com/?1000018727&name=emailgetall_function
// Verbatim from the auto-translated page: EN keywords with FR identifiers/properties (Expediteur, Sujet). ZR_EMAIL is a looper control.
// Récupération de tous les emails non lus de la boîte de réception.
SessionIMAP is emailIMAPSession
tabEmailNonLus is array of Email

// Ouverture de la session
EmailStartSession(SessionIMAP)

// Récupération de tous les emails non lus
tabEmailNonLus = EmailGetAll(SessionIMAP, ertNotRead)

// Affichage des informations de chaque email
FOR EACH MonEmail OF tabEmailNonLus
	LooperAddLine(ZR_EMAIL, MonEmail.Expediteur, MonEmail.Message, MonEmail.Sujet)
END
