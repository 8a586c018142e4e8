// The syntax real code uses (issue 13, item 3) — English script.

//== <COMPILE IF>: the default configuration is the executable's
<COMPILE IF ConfigurationType = Site>
Info("site")
<ELSE IF Configuration = "Exécutable Windows">
Info("executable")
<ELSE>
Info("other")
<END>
//> executable

//== <COMPILE IF>: code not compiled may be wrong; lines keep their numbers
<COMPILE IF ConfigurationType = Android OR Configuration = "Linux64">
this is not WLanguage (
<END>
<COMPILE IF NOT ConfigurationType = Android>
i is int = 12
<END>
Info(i) //> 12
Info(j) //!! 'j' is unknown

//== <IF ExecutionTarget> and a constant that depends on the configuration
<IF ExecutionTarget = WindowsApplication>
CONSTANT
	NAME = "windows"
END
<ELSE>
CONSTANT
	NAME = "elsewhere"
END
<END>
Info(NAME) //> windows

//== <COMPILE IF> never closed
<COMPILE IF Configuration = "x"> //!! never closed by <END>
Info(1)

//== procedure modifiers and attributes
Info(Square(4), Empty(), Inner()) //> 16
//>
//> i
PROCEDURE LOCAL Square(x) <sans pause>
RESULT x * x
PROCEDURE GLOBAL Empty() : string
RESULT ""
PROCEDURE PRIVATE Inner() <thread=1>
RESULT "i"

//== indirection {name} to read and to write
nTotal is int = 3
sName is string = "nTotal"
Info({sName} + 1) //> 4
{"ntotal", indVariable} = 10
Info(nTotal) //> 10
Info({"unknown"}) //!! names no variable

//== lambdas and variables of type Procedure
fSum is Procedure = (a, b) => a + b
Info(fSum(2, 3)) //> 5
n is int = 10
let fTimes = (k) => k * n
n = 20
Info(fTimes(2)) //> 40
p is Procedure = Twice
Info(p(21)) //> 42
PROCEDURE Twice(x)
RESULT x * 2

//== one-line forms after "CASE …:"
FOR i = 1 TO 3
	SWITCH i
		CASE 1: IF i = 1 THEN Info("one") ELSE Info("?")
		CASE 2: FOR j = 1 TO 2; Trace(j); END
		OTHER CASE: Info("other")
	END
END
//> one
//! 1
//! 2
//> other

//== duration literals
d is Duration = 1min 30 s
Info(d = 90 s, 2h = 120 min, 500ms < 1 s) //> 1
//> 1
//> 1

//== x IN (…) and x NOT IN (…)
x is int = 3
Info(x IN (1, 2, 3), x NOT IN (4, 5), "b" IN ("a", "c")) //> 1
//> 1
//> 0

//== "<-" stays a comparison where nothing can be assigned
x is int = -3
IF x<-1 THEN Info("less than -1") //> less than -1

//== single quotes do not delimit a string
s is string = 'abc' //!! does not delimit a string

//== CASE EXCEPTION: in a procedure; CASE ERROR: is never reached; label
Info(Divide(6, 3), Divide(1, 0)) //> 2
//> error: division by zero
PROCEDURE Divide(a, b)
RESULT a / b
done:
CASE ERROR:
	Trace("never")
CASE EXCEPTION:
	RESULT "error: " + ExceptionInfo()

//== &x (an address, for external APIs) is x
n is int = 4
Info(&n + 1) //> 5

//== n++ and ++n inside an expression (version 27)
n is int = 1
Info(n++, n, ++n, n--) //> 1
//> 2
//> 3
//> 3
Info(n) //> 2

//== object, new… stay names outside classes (a variable, a procedure)
Object is string = "Hello"
Object = Object + "!"
Info(Object) //> Hello!
New(2) //> new 2
PROCEDURE New(n)
Info("new " + n)

//== dynamic array: an array of anything
t is array dynamic
Add(t, 1)
Add(t, "a")
Info(t.Count, t[2]) //> 2
//> a
