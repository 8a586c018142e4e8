// Dialog functions in a terminal (decision 8) — English script.

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
IF x = 1 THEN InfoBuild() //!! InfoBuild takes .* arguments, not 0

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

//== YesNo without a terminal: default answer Yes, said on standard error
b is boolean = YesNo("Continue?")
IF True THEN Info(b)
//! Continue?
//! (no terminal: default answer 'Yes')
//> 1

//== YesNo with No as the default
IF YesNo(No, "Delete?") THEN
	Info("deleted")
ELSE
	Info("kept")
END
//! Delete?
//! (no terminal: default answer 'No')
//> kept

//== YesNo in lower case
IF yesno(Yes, "Send?") THEN Info("sent")
//! Send?
//! (no terminal: default answer 'Yes')
//> sent

//== OKCancel without a terminal
IF OKCancel("Validate?") THEN Info("ok")
//! Validate?
//! (no terminal: default answer 'OK')
//> ok

//== Confirm without a terminal: Yes by default
r is int = Confirm("Save?")
IF True THEN Info(r = Yes)
//! Save?
//! (no terminal: default answer 'Yes')
//> 1

//== Confirm with Cancel as the default
r is int = Confirm(Cancel, "Save?")
IF True THEN Info(r, r = Cancel)
//! Save?
//! (no terminal: default answer 'Cancel')
//> 2
//> 1

//== unknown dialog function
x is int = 1
IF x = 1 THEN Infos("x") //!! 'Infos' is unknown
