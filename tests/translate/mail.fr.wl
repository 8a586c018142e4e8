// Typed mail objects: properties and methods of known types are translated.
MySession est un emailSessionSMTP
MySession.AdresseServeur = "smtp.example.com"
MySession.Port = 465
MySession.Option = emailProtocoleSMTPS
MyMessage est un Email
MyMessage.Expéditeur = "Reports <reports@example.com>"
Ajoute(MyMessage.Destinataire, "ann@example.com")
MyMessage.Sujet = "Weekly report"
MyMessage.Message = "Hello," + RC + "see attached."
MyMessage.Attache[1].Nom = "report.csv"
MyMessage.Attache[1].Contenu = "week;sales"
Email.Expéditeur = "legacy@example.com"
Email.NbDestinataire = 0
Info(MyMessage.Sujet, MyMessage.Attache..Occurrence, Email.Expéditeur, MySession.Port)
SI PAS MySession.OuvreSession() ALORS
	Erreur("Cannot open the SMTP session: " + ErreurInfo())
FIN
