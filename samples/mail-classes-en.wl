// Sending mail written with classes, as in a WINDEV project, in English.
// Try it without a server:
//   wlmail run --sandbox samples/mail-classes-en.wl
// The configuration picks the server: add --configuration Test to use the test server.

<COMPILE IF ConfigurationType = Test>
CONSTANT SERVER = "smtp.test.example.com"
<ELSE>
CONSTANT SERVER = "smtp.example.com"
<END>

CSender is a Class
PROTECTED
	m_Session is emailSMTPSession
	m_nSent is int
END

CSignedSender is a Class
	inherits from CSender
	m_sSignature is string
END

// a letter: its subject and body come from the object's class (virtual methods)
CLetter is a Class
	m_sRecipient is string
END

CReminder is a Class
	inherits from CLetter
	m_nDays is int
END

snd is CSignedSender(SERVER, "service@example.com", "Customer service")
arrLetters is array of CLetter dynamic
Add(arrLetters, new CLetter("zoe@example.com"))
Add(arrLetters, new CReminder("marc@example.com", 15))
FOR EACH l OF arrLetters
	IF NOT snd.Send(l) THEN Error("Failed for " + l.m_sRecipient + ": " + ErrorInfo())
END
Info(snd.Report())

PROCEDURE CSender.Constructor(sServer, sAccount)
:m_Session.ServerAddress = sServer
:m_Session.Port = 587
:m_Session.Name = sAccount
:m_Session.Password = "application-password"
:m_Session.Option = emailOptionSecuredTLS

PROCEDURE CSender.Body(sText)
RESULT sText

PROCEDURE CSender.Send(l is CLetter dynamic) : boolean
IF NOT EmailStartSession(:m_Session) THEN RESULT False
m is Email
m.Sender = :m_Session.Name
Add(m.Recipient, l.m_sRecipient)
m.Subject = l.Subject()
m.Message = Body(l.Text())
bOK is boolean = EmailSendMessage(:m_Session, m)
EmailCloseSession(:m_Session)
IF bOK THEN :m_nSent++
RESULT bOK

PROCEDURE CSender.Report()
RESULT StringBuild("%1 message(s) sent by %2", :m_nSent, :m_Session.ServerAddress)

PROCEDURE CSignedSender.Constructor(sServer, sAccount, sSignature)
Constructor CSender(sServer, sAccount)
m_sSignature = sSignature

PROCEDURE CSignedSender.Body(sText)
RESULT Ancestor.Body(sText) + CR + "-- " + CR + m_sSignature

PROCEDURE CLetter.Constructor(sTo)
m_sRecipient = sTo

PROCEDURE CLetter.Subject()
RESULT "News"

PROCEDURE CLetter.Text()
RESULT "Hello," + CR + "here is our news."

PROCEDURE CReminder.Constructor(sTo, nDays)
Constructor CLetter(sTo)
m_nDays = nDays

PROCEDURE CReminder.Subject()
RESULT "Reminder: invoice " + m_nDays + " days overdue"

PROCEDURE CReminder.Text()
RESULT "Hello," + CR + "your invoice has been waiting for " + m_nDays + " days."
