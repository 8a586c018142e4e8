// Microsoft 365 (Exchange Online): SMTP AUTH no longer takes passwords (end of 2026).
// OAuth 2.0 + XOAUTH2 on smtp.office365.com:587 (STARTTLS). The token is kept in a file:
// after one first login the script runs unattended (cron), an expired token is refreshed
// before XOAUTH2 and the new one is saved.
// Try it without an account:
//   wlmail run --sandbox samples/oauth-microsoft365-en.wl
// No browser on this machine: wlmail run --no-browser (paste the final address), or the
// wlmail extension DeviceCodeURL (device code, see the README).
sTokenFile is string = fCurrentDir() + fSep() + "token-microsoft365.bin"
MS is OAuth2Parameters
MS.ClientID = "00000000-0000-0000-0000-000000000000" // Entra ID application (client) ID
MS.AuthURL = "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize"
MS.TokenURL = "https://login.microsoftonline.com/organizations/oauth2/v2.0/token"
MS.Scope = "https://outlook.office.com/SMTP.Send offline_access"
MS.RedirectionURL = "http://localhost:9000"
// MS.DeviceCodeURL = "https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode"
MyToken is AuthToken
bKept is boolean = fFileExist(sTokenFile)
IF bKept THEN
	Deserialize(MyToken, fLoadBuffer(sTokenFile), psdBinary)
ELSE
	MyToken = AuthIdentify(MS)
	IF MyToken = Null THEN
		Error("Microsoft login failed", ErrorInfo())
		RETURN
	END
END
MySession is emailSMTPSession
MySession.ServerAddress = "smtp.office365.com"
MySession.Port = 587
MySession.Option = emailOptionSecuredTLS
MySession.Name = "user@contoso.onmicrosoft.com"
MySession.AuthToken = MyToken
bOpen is boolean = EmailStartSession(MySession)
IF NOT bOpen AND bKept THEN
	// the kept token was refused (revoked, from another run…): log in again
	Trace("Kept token refused: " + ErrorInfo())
	MyToken = AuthIdentify(MS)
	IF MyToken <> Null THEN
		MySession.AuthToken = MyToken
		bOpen = EmailStartSession(MySession)
	END
END
IF NOT bOpen THEN
	Error("Cannot open the SMTP session", ErrorInfo())
	RETURN
END
// The token may have been refreshed (Microsoft then replaces its Refresh): keep the new one.
bufToken is Buffer
Serialize(MyToken, bufToken, psdBinary)
fSaveBuffer(sTokenFile, bufToken)
MyEmail is Email
MyEmail.Sender = "user@contoso.onmicrosoft.com"
Add(MyEmail.Recipient, "someone@example.com")
MyEmail.Subject = "Microsoft 365 test"
MyEmail.Message = "Sent with OAuth 2.0 (XOAUTH2)."
IF EmailSendMessage(MySession, MyEmail) THEN
	Info("sent")
ELSE
	Error("Send failed", ErrorInfo())
END
EmailCloseSession(MySession)
