// https://help.windev.com/?1000018727&name=emailgetall_function
// Verbatim from the older (v17-v22) copy: ".." property syntax and "..." line continuation.
// Retrieve all unread emails from the in-box.
IMAPSession is emailIMAPSession
arrUnreadEmails is array of Emails
 
// Start the session
EmailStartSession(IMAPSession)
 
// Retrieve all unread emails
arrUnreadEmails = EmailGetAll(IMAPSession, ertNotRead)
 
// Display the information for each email
FOR EACH MyEmail OF arrUnreadEmails
LooperAddLine(LOOP_EMAIL, MyEmail..Sender, ...
MyEmail..Message, MyEmail..Subject)
END
