// https://doc.windev.com/en-US/?3032031&name=managing_the_emails_with_the_pop3smtp_protocols
// Verbatim fragments: step 1 + step 2 "FOR EACH message OF session" loop + step 4 (prose, line added, marked).
// The lone "..." line is the doc's placeholder (ruling: no-op).
// Start the messaging session
MySession is emailPOP3Session
MySession.ServerAddress = "pop.mycompany.us"
MySession.Name = "user"
MySession.Password = "secret"
EmailStartSession(MySession)
MyMessage is Email
FOR EACH MyMessage OF MySession
// Place the process of the message read...
...
END
EmailCloseSession(MySession) // [step 4, from the prose]
