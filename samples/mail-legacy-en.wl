// Legacy syntax: a session designated by the user name and the global Email structure.
// Try it without a real server (embedded SMTP server, the message lands in ./outbox):
//   wlmail run --sandbox samples/mail-legacy-en.wl

sUser is string = "alerts@example.com"

IF NOT EmailStartSMTPSession(sUser, "secret", "smtp.example.com", 587, False, emailOptionSecuredTLS) THEN
	Error("Cannot open the SMTP session: " + ErrorInfo())
	RETURN
END

EmailReset()
Email.Sender = sUser
Email.Recipient = "oncall@example.com"
Email.NbRecipient = 1
Email.Subject = "Disk almost full on server 7"
Email.Message = "Free space: 3%"

IF EmailBuildSource() THEN
	Info("Source built: " + Length(Email.Source) + " characters")
END
IF EmailSendMessage(sUser) THEN
	Info("Alert sent")
ELSE
	Error("Alert not sent: " + ErrorInfo())
END

EmailCloseSession(sUser)
