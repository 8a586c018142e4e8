// The documentation example, completed: one message really leaves. Try it without an account:
//   wlmail run --sandbox samples/oauth-gmail-en.wl
MySession is emailSMTPSession
Google is OAuth2Parameters
Google.ClientID = "my-app"
Google.ClientSecret = "my-secret"
Google.AuthURL = "https://accounts.google.com/o/oauth2/auth"
Google.TokenURL = "https://oauth2.googleapis.com/token"
Google.Scope = "https://mail.google.com/"
Google.RedirectionURL = "http://localhost:9000"
Google.ResponseType = oauth2ResponseTypeCode
MySession.ServerAddress = "smtp.gmail.com"
MySession.Name = "me@gmail.com"
MySession.Port = 587
MySession.Option = emailOptionSecuredTLS
MySession.AuthToken = AuthIdentify(Google)
IF MySession.AuthToken = Null THEN
	Error("OAuth failed", ErrorInfo())
	RETURN
END
IF NOT EmailStartSession(MySession) THEN
	Error("Cannot open the SMTP session", ErrorInfo())
	RETURN
END
MyEmail is Email
MyEmail.Sender = "me@gmail.com"
Add(MyEmail.Recipient, "you@example.com")
MyEmail.Subject = "OAuth 2.0 test"
MyEmail.Message = "Sent with XOAUTH2."
IF EmailSendMessage(MySession, MyEmail) THEN
	Info("sent")
ELSE
	Error("Send failed", ErrorInfo())
END
EmailCloseSession(MySession)
