// Sending an email with typed variables (emailSMTPSession + Email), in English.
// Try it without a real server (embedded SMTP server, the messages land in ./outbox):
//   wlmail run --sandbox samples/mail-typed-en.wl

MySession is emailSMTPSession
MySession.ServerAddress = "smtp.example.com"
MySession.Port = 465
MySession.Name = "reports@example.com"
MySession.Password = "app-password"
MySession.Option = emailProtocolSMTPS

IF NOT MySession.StartSession() THEN
	Error("Cannot open the SMTP session: " + ErrorInfo())
	RETURN
END

arrTeam is array of strings = ["ann@example.com", "bob@example.com"]
FOR EACH sAddress OF arrTeam
	MyMessage is Email
	MyMessage.Sender = "Reports <reports@example.com>"
	Add(MyMessage.Recipient, sAddress)
	MyMessage.Subject = "Weekly report for " + sAddress
	MyMessage.Message = "Hello," + CR + "the weekly report is attached."
	MyMessage.Priority = emailHighPriority
	MyMessage.Attach[1].Name = "report.csv"
	MyMessage.Attach[1].Content = "week;sales" + CR + "12;4200"
	IF MySession.SendMessage(MyMessage) THEN
		Info("Sent to " + sAddress)
	ELSE
		Error("Not sent to " + sAddress + ": " + ErrorInfo())
	END
END

MySession.CloseSession()
