// Functions real scripts call around mail (issue 13), and what an interpreter without windows
// cannot do, in English. Cases that write work in a uniquely named directory under
// fTempPath() and remove it at the end.

//== INIWrite then INIRead: value, default, keywords, sections, case ignored
sDir is string = fTempPath() + fSep() + "wlmail-ini-en-5d1c"
fMakeDir(sDir)
sIni is string = sDir + fSep() + "Settings.ini"
Info(INIWrite("SMTP", "Server", "smtp.example.com", sIni)) //> 1
INIWrite("SMTP", "Port", 587, sIni)
INIWrite("Sender", "Address", "me@example.com", sIni)
Info(INIRead("smtp", "PORT", "25", sIni)) //> 587
Info(INIRead("SMTP", "Missing", "default", sIni)) //> default
Info(Replace(INIRead("SMTP", "", "", sIni), CR, ","))  //> Server,Port
Info(Replace(INIRead("", "", "", sIni), CR, ","))  //> SMTP,Sender
INIWrite("SMTP", "Port", Null, sIni)
Info(INIRead("SMTP", "Port", "deleted", sIni)) //> deleted
INIWrite("Sender", "", "", sIni)
Info(INIRead("Sender", "Address", "no section", sIni)) //> no section
fDelete(sIni)
fRemoveDir(sDir)

//== fListFile: a list, a procedure called for each file
sDir is string = fTempPath() + fSep() + "wlmail-list-en-5d1c"
fMakeDir(sDir)
fSaveText(sDir + fSep() + "a.txt", "a")
fSaveText(sDir + fSep() + "b.log", "b")
Info(Replace(fListFile(sDir + fSep() + "*.txt"), sDir + fSep(), "")) //> a.txt
Info(fListFile(sDir + fSep() + "*.*", Seen, "?")) //> 2
FOR EACH STRING s OF fListFile(sDir + fSep() + "*.*") SEPARATED BY CR
	fDelete(s)
END
fRemoveDir(sDir)
Info(fDirExist(sDir)) //> 0
PROCEDURE Seen(sFull, sName, sParam)
Trace(sName + sParam) //! a.txt?
//! b.log?
RETURN True

//== Contains
Info(Contains("Hello world", "WORLD", IgnoreCase), Contains("abc", "x"))
//> 1
//> 0

//== DateTimeDifference
Info(DateTimeDifference("199801011215", "199801021316")) //> 0000000101010000

//== IntegerToDate and its format
Info(IntegerToDate(DateToInteger("20240229"), "DD/MM/YYYY")) //> 29/02/2024

//== ExeInfo: the script is the executable
Info(ExeInfo(exeDirectory) = fExeDir(), fExtractPath(ExeInfo(exeName), fFile + fExtension))
//> 1
//> case.wl

//== EndProgram: the normal end
Info("before") //> before
EndProgram()
Info("never")

//== A window function stops the script with its family
Input("Name?", s) //!! 'Input': interface \(not available in wlmail\)

//== HFSQL
HReadFirst(Customer) //!! 'HReadFirst': HFSQL \(not available\)

//== EXTERN name: a variable that exists at run time
EXTERN gsToken
Info("[" + gsToken + "]") //> []
