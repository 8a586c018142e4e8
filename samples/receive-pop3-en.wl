// Sends a message to yourself, then reads the mailbox over POP3 (legacy functions: the session
// is designated by the user name and the message read fills the Email structure).
// To try it without a real server (embedded SMTP and POP3, mailbox = the ./outbox folder):
//   wlmail run --sandbox samples/receive-pop3-en.wl

Sending is emailSMTPSession
Sending.ServerAddress = "smtp.example.com"
Sending.Port = 587
Sending.Name = "me@example.com"
Sending.Password = "app-password"
Sending.Option = emailOptionSecuredTLS

IF NOT EmailStartSession(Sending) THEN
	Error("Cannot open the SMTP session: " + ErrorInfo())
	RETURN
END
Memo is Email
Memo.Sender = "Me <me@example.com>"
Add(Memo.Recipient, "me@example.com")
Memo.Subject = "Reminder: POP3 check"
Memo.Message = "Read the mailbox over POP3."
IF NOT EmailSendMessage(Sending, Memo) THEN
	Error("Sending failed: " + ErrorInfo())
END
EmailCloseSession(Sending)

// POP3 over TLS (port 995)
IF NOT EmailStartPOP3Session("me@example.com", "app-password", "pop.example.com", 995, optionSSL) THEN
	Error("Cannot open the POP3 session: " + ErrorInfo())
	RETURN
END
Info("Messages in the mailbox: " + EmailNbMessage("me@example.com"))
EmailReadFirst("me@example.com")
WHILE NOT Email.Out
	Info(Email.Sender + ": " + Email.Subject)
	EmailReadNext("me@example.com")
END
EmailCloseSession("me@example.com")
