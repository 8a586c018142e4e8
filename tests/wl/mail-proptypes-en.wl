// Typed properties: a value of the wrong type is a fatal error (issue 15, item 7) — English.
// Ruling: README, "Choices where the documentation is silent". Never a silent plain-text fallback.

//== Port = "587": a numeric string is converted (WLangage's implicit conversion)
s is emailSMTPSession
s.Port = "587"
IF True THEN Info(s.Port + 1)
//> 588

//== Port = "five": a fatal error, not 0
s is emailSMTPSession
s.Port = "five" //!! emailSMTPSession.Port expects a number: 'five' is not one
//exit 70

//== Port outside 0..65535
s is emailSMTPSession
s.Port = -1 //!! Port must be between 0 and 65535: -1 refused
//exit 70

//== Option = "TLS": a fatal error, never a plain-text connection
s is emailSMTPSession
s.Option = "TLS" //!! Option only accepts emailOptionDefault, emailOptionSecuredTLS, emailProtocolSMTPS, optionSSL .* 'TLS' refused
//exit 70

//== Option from a string variable is checked when it runs
sMode is string = "TLS"
s is emailSMTPSession
s.Option = sMode //!! 'TLS' refused
//exit 70

//== Option: the constants, their value as a string and their combination are accepted
s is emailSMTPSession
s.Option = emailOptionSecuredTLS
IF True THEN Info(s.Option = emailOptionSecuredTLS)
s.Option = "1"
IF True THEN Info(s.Option = emailProtocolSMTPS)
//> 1
//> 1

//== WHEN EXCEPTION catches it; the property keeps its value
s is emailSMTPSession
s.Option = emailOptionSecuredTLS
WHEN EXCEPTION IN
	s.Option = "TLS"
DO
	Info("caught: " + ExceptionInfo())
END
IF True THEN Info(s.Option = emailOptionSecuredTLS)
//> caught: emailSMTPSession.Option only accepts emailOptionDefault, emailOptionSecuredTLS, emailProtocolSMTPS, optionSSL (or a combination of them): 'TLS' refused
//> 1

//== Asynchronous = "True": a string is not a boolean
s is emailSMTPSession
s.Asynchronous = "True" //!! Asynchronous expects a boolean .* 'True' is not one
//exit 70

//== IgnoreError = "yes" is refused
s is emailSMTPSession
s.IgnoreError = True
s.IgnoreError = "yes" //!! IgnoreError only accepts False, True, .* 'yes' refused
//exit 70

//== EmailStartSMTPSession: an option "TLS" is refused before any connection
IF True THEN EmailStartSMTPSession("u", "p", "127.0.0.1", 2525, False, "TLS") //!! 'TLS' refused
//exit 70
