// https://doc.windev.com/?3032022&product=ER
// Doc example 2 ("Reports and Queries" block), verbatim; the stored copy is cut after the last comment.
// Placeholders: EDT_SESSION, EDT_PWD, EDT_POP (edit controls holding user, password, server).
// Connection to a POP3 server that requires an SSL connection (gMail for example)
// 995 is the standard port for this type of service
EmailStartPOP3Session(EDT_SESSION, EDT_PWD, EDT_POP, 995, optionSSL)
// Connection to a non-secured POP server
EmailStartPOP3Session(EDT_SESSION, EDT_PWD, EDT_POP, 110)
// 110 is the standard port for this type of service.
// It is also the default value of the function,
// Therefore we could also write
