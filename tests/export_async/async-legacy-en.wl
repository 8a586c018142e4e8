// Asynchronous legacy session (named by its user, implicit TLS on 465) and the global Email
// structure: each EmailSendMessage queues the message and returns True at once.
sUser is string = "billing@example.com"

EmailSetTimeOut(10)
IF NOT EmailStartSMTPSession(sUser, "secret", "smtp.example.com", 465, True, emailOptionSecuredTLS) THEN
	Error("No SMTP session: " + ErrorInfo())
	RETURN
END

EmailReset()
Email.Sender = sUser
Email.Recipient[1] = "board@example.com"
Email.Recipient[2] = "accounts@example.com"
Email.NbRecipient = 2
Email.Subject = "Monthly statement"
Email.Message = "Hello, here is the statement."
IF EmailSendMessage(sUser) THEN
	Info("Queued for " + Email.NbRecipient + " recipients as email " + Email.MailIdentifier)
ELSE
	Error("Failed: " + ErrorInfo())
END

EmailReset()
Email.Sender = sUser
Email.Recipient = "auditor@example.com"
Email.Subject = "Copy"
Email.Message = "A copy for the audit."
EmailSendMessage(sUser, emailOptionEncodeHeader)
Info("Second one queued")

EmailCloseSession(sUser)
Info("Done")
