// Dialog functions in a terminal (decision 8; without a terminal: issue 15) — English script.

//== Info with several arguments: one line each
Info("one", "two", "three")
//> one
//> two
//> three

//== Info of numbers and booleans
Info(1, 2.5, True)
//> 1
//> 2.5
//> 1

//== Info with CR inside the text
Info("line 1" + CR + "line 2")
//> line 1
//> line 2

//== Info of an expression
n is int = 20
Info("n is " + n) //> n is 20

//== InfoBuild replaces %1 and %2
InfoBuild("%1 + %2", 1, 2) //> 1 + 2

//== InfoBuild: free order and repetition
InfoBuild("%2-%1-%2", "a", "b") //> b-a-b

//== InfoBuild: %% gives %
InfoBuild("%1 %% off", 15) //> 15 % off

//== InfoBuild: a missing argument is replaced by nothing
InfoBuild("[%1][%2]", "x") //> [x][]

//== InfoBuild in lower case
infobuild("%1!", "ok") //> ok!

//== InfoBuild: the format is required
x is int = 1
IF x = 1 THEN InfoBuild() //!! InfoBuild takes at least 1 argument, not 0

//== Error writes to standard error
Error("x")
//! x

//== Error with several arguments: one line each
Error("a", "b")
//! a
//! b

//== Error without argument: the last error
ErrorThrow(1, "connection refused")
Error()
//! connection refused

//== Warning writes to standard error
Warning("careful")
//! careful

//== Trace joins its arguments with ", "
Trace("a", 1, True, 2.50)
//! a, 1, 1, 2.5

//== Trace and Info mix without trouble
Info("out")
Trace("trace")
Info("again")
//> out
//! trace
//> again

//== YesNo without a terminal or --answer: a fatal error, never a silent "Yes" (issue 15)
IF YesNo("Send?") THEN Info("sent") //!! YesNo: no terminal to answer 'Send\?'; without a terminal \(cron\), run wlmail run --answer no\|yes\|default
//exit 70

//== YesNo without a terminal: WHEN EXCEPTION can catch it
WHEN EXCEPTION IN
	IF YesNo("Send?") THEN Info("sent")
DO
	Info("not sent")
END
//> not sent

//== OKCancel without a terminal: a fatal error too
IF OKCancel("Validate?") THEN Info("ok") //!! OKCancel: no terminal to answer 'Validate\?'
//exit 70

//== --answer no: YesNo answers No, said on standard error
//answer no
b is boolean = YesNo("Continue?")
IF True THEN Info(b)
//! Continue?
//! (--answer: answer 'No')
//> 0

//== --answer yes: YesNo answers Yes even when the script's default is No
//answer yes
IF YesNo(No, "Delete?") THEN
	Info("deleted")
ELSE
	Info("kept")
END
//! Delete?
//! (--answer: answer 'Yes')
//> deleted

//== --answer default: the script's default
//answer default
IF yesno(No, "Send?") THEN Info("sent") ELSE Info("kept")
//! Send?
//! (--answer: answer 'No')
//> kept

//== --answer no: OKCancel answers Cancel
//answer no
IF OKCancel("Validate?") THEN Info("ok") ELSE Info("cancelled")
//! Validate?
//! (--answer: answer 'Cancel')
//> cancelled

//== --answer yes: Confirm answers Yes
//answer yes
r is int = Confirm("Save?")
IF True THEN Info(r = Yes)
//! Save?
//! (--answer: answer 'Yes')
//> 1

//== --answer default: Confirm with Cancel as the default
//answer default
r is int = Confirm(Cancel, "Save?")
IF True THEN Info(r, r = Cancel)
//! Save?
//! (--answer: answer 'Cancel')
//> 2
//> 1

//== unknown dialog function
x is int = 1
IF x = 1 THEN Infos("x") //!! 'Infos' is unknown
