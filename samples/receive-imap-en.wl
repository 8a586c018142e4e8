// Sends a message to yourself, then reads the mailbox over IMAP (typed variables:
// emailIMAPSession, an array of Email filled by EmailGetAll).
// To try it without a real server (embedded SMTP and IMAP, mailbox = the ./outbox folder):
//   wlmail run --sandbox samples/receive-imap-en.wl

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
Memo.Subject = "Reminder: IMAP check"
Memo.Message = "Read the mailbox over IMAP."
IF NOT EmailSendMessage(Sending, Memo) THEN
	Error("Sending failed: " + ErrorInfo())
END
EmailCloseSession(Sending)

// IMAP with STARTTLS (port 143)
Reading is emailIMAPSession
Reading.ServerAddress = "imap.example.com"
Reading.Name = "me@example.com"
Reading.Password = "app-password"
Reading.Option = emailOptionSecuredTLS
IF NOT EmailStartSession(Reading) THEN
	Error("Cannot open the IMAP session: " + ErrorInfo())
	RETURN
END
Unread is array of Emails = EmailGetAll(Reading, ertNotRead)
Info("Unread messages: " + ArrayCount(Unread))
FOR EACH Received OF Unread
	Info(Received.Sender + ": " + Received.Subject)
END
EmailCloseSession(Reading)
