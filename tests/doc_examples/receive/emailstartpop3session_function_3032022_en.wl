// https://doc.windev.com/?3032022&product=ER
// Doc example 1. The stored copy dropped the ELSE and END lines; they are restored here (marked).
// Placeholders: USER, PASSWORD, UserName.
// Read an email via the POP3 protocol
IF EmailStartPOP3Session(USER, PASSWORD, "pop3.supplier.com") = True THEN
UserName = USER
ELSE // [restored]
UserName = ""
Error("Unable to establish the connection")
END // [restored]
