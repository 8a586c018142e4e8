// https://ayuda.windev.es/es-ES/?1000019189
// Verbatim (English code variant shown on the Spanish help site). Placeholders: EDT_USER, EDT_PASSWORD (edit
// controls), procedure ProcessIncomingEmails.
// Read an email via the IMAP protocol
IF EmailStartIMAPSession(EDT_USER, EDT_PASSWORD, "imap.mydomain.fr") = True THEN
	ProcessIncomingEmails()
ELSE
	Error("Unable to establish the connection")
END
