// https://doc.windev.com/en-US/?3032031&name=managing_the_emails_with_the_pop3smtp_protocols
// Verbatim fragments of the page, in page order: step 1 (open the session) + step 2 loop with an Email
// variable + step 4 (prose only on the page: "Close the POP3 session with EmailCloseSession", line added, marked).
// The lone "..." line is the doc's placeholder for "your processing" (interpreter ruling needed: accept as no-op).
// Start the messaging session
MySession is emailPOP3Session
MySession.ServerAddress = "pop.mycompany.us"
MySession.Name = "user"
MySession.Password = "secret"
EmailStartSession(MySession)
MyMessage is Email
EmailReadFirst(MySession, MyMessage)
WHILE NOT MyMessage.Out
// Place the process of the message read...
...
EmailReadNext(MySession, MyMessage)
END
EmailCloseSession(MySession) // [step 4, from the prose]
