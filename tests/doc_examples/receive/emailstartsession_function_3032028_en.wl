// https://doc.windev.com/?3032028&name=emailstartsession_function&product=WM
// Verbatim doc example (POP3 + SMTP compatibility syntax). Placeholders: USER, PASSWORD, UserName.
// Send an email via the POP3 protocol
IF EmailStartSession(USER, PASSWORD, "pop3.gmail.com", "smtp.gmail.com") = True THEN
UserName = USER
ELSE
UserName = ""
Error("Unable to establish the connection")
END
