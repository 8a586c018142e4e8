// Typed mail objects: properties and methods of known types are translated.
MySession is emailSMTPSession
MySession.ServerAddress = "smtp.example.com"
MySession.Port = 465
MySession.Option = emailProtocolSMTPS
MyMessage is Email
MyMessage.Sender = "Reports <reports@example.com>"
Add(MyMessage.Recipient, "ann@example.com")
MyMessage.Subject = "Weekly report"
MyMessage.Message = "Hello," + CR + "see attached."
MyMessage.Attach[1].Name = "report.csv"
MyMessage.Attach[1].Content = "week;sales"
Email.Sender = "legacy@example.com"
Email.NbRecipient = 0
Info(MyMessage.Subject, MyMessage.Attach..Count, Email.Sender, MySession.Port)
IF NOT MySession.StartSession() THEN
	Error("Cannot open the SMTP session: " + ErrorInfo())
END
