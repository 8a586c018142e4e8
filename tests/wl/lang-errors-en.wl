// Errors and exceptions (reference §7, decisions 7 and 9) — English script.

//== WHEN EXCEPTION IN: the handler runs and the code after END continues
x is int = 0
WHEN EXCEPTION IN
	Info(10 / x)
	Info("never")
DO
	Info("caught")
END
Info("after")
//> caught
//> after

//== WHEN EXCEPTION IN: ExceptionInfo gives the message
x is int = 0
WHEN EXCEPTION IN
	x = 10 / x
DO
	Info(ExceptionInfo())
END
//> division by zero

//== WHEN EXCEPTION IN: ExceptionInfo(errMessage)
t is array of int = [1]
WHEN EXCEPTION IN
	Info(t[5])
DO
	Info(ExceptionInfo(errMessage) [=] "index 5")
END
//> 1

//== WHEN EXCEPTION IN: without an error, DO does not run
WHEN EXCEPTION IN
	Info("body")
DO
	Info("handler")
END
//> body

//== WHEN EXCEPTION IN ... ELSE: ELSE runs when there is no error
WHEN EXCEPTION IN
	Info("body")
DO
	Info("handler")
ELSE
	Info("no error")
END
Info("end")
//> body
//> no error
//> end

//== WHEN EXCEPTION IN ... ELSE: ELSE does not run after an error
x is int = 0
WHEN EXCEPTION IN
	x = 1 / x
DO
	Info("handler")
ELSE
	Info("no error")
END
//> handler

//== WHEN EXCEPTION IN catches an error raised in a procedure
WHEN EXCEPTION IN
	Risky()
DO
	Info("caught: " + ExceptionInfo())
END
//> in Risky
//> caught: division by zero
PROCEDURE Risky()
Info("in Risky")
n is int = 0
Info(1 / n)
Info("never")

//== WHEN EXCEPTION IN inside a loop
FOR EACH d OF [1, 0, 2]
	WHEN EXCEPTION IN
		Info(10 / d)
	DO
		Info("error")
	END
END
//> 10
//> error
//> 5

//== WHEN EXCEPTION IN only covers its block
x is int = 0
WHEN EXCEPTION IN
	Info("ok")
DO
	Info("handler")
END
IF x = 0 THEN Info(1 / x) //!! division by zero
//> ok

//== an error inside the DO handler is not caught
x is int = 0
WHEN EXCEPTION IN
	x = 1 / x
DO
	IF x = 0 THEN Info(1 / x) //!! division by zero
END

//== exception keywords in lower case
x is int = 0
when exception in
	x = 1 / x
do
	Info("caught")
end
//> caught

//== a string used as a condition is caught
s is string = "x"
WHEN EXCEPTION IN
	IF s THEN Info("?")
DO
	Info(ExceptionInfo() [=] "condition")
END
//> 1

//== a missing key is caught
t is tableau associatif of int
WHEN EXCEPTION IN
	Info(t["x"])
DO
	Info("missing key")
END
//> missing key

//== general WHEN EXCEPTION in the main code
WHEN EXCEPTION
	Info("caught")
END
n is int = 0
Info("before")
Info(1 / n)
Info("never")
//> before
//> caught
//exit 0

//== general WHEN EXCEPTION: without an error the handler does not run
WHEN EXCEPTION
	Info("handler")
END
Info("normal")
//> normal

//== WHEN EXCEPTION IN wins over the general handler
WHEN EXCEPTION
	Info("general")
END
n is int = 0
WHEN EXCEPTION IN
	Info(1 / n)
DO
	Info("specific")
END
Info("next")
//> specific
//> next

//== ExceptionThrow and ExceptionInfo(errCode)
WHEN EXCEPTION IN
	ExceptionThrow(12, "custom message")
DO
	Info(ExceptionInfo(errCode))
	Info(ExceptionInfo())
END
//> 12
//> custom message

//== ExceptionThrow from a procedure
WHEN EXCEPTION IN
	Check(-1)
DO
	Info(ExceptionInfo(errCode), ExceptionInfo(errMessage))
END
//> 7
//> negative
PROCEDURE Check(n)
IF n < 0 THEN ExceptionThrow(7, "negative")
Info("never")

//== uncaught ExceptionThrow: fatal error
Info("before")
ExceptionThrow(3, "boom") //!! boom
Info("after")
//> before
//exit 70

//== ExceptionThrow in lower case
WHEN EXCEPTION IN
	exceptionthrow(1, "x")
DO
	Info("ok")
END
//> ok

//== ErrorThrow: a non-fatal error, the script goes on
ErrorThrow(5, "oops")
Info(ErrorOccurred)
Info(ErrorInfo(errCode))
Info(ErrorInfo(errMessage))
Info("next")
//> 1
//> 5
//> oops
//> next

//== ErrorThrow inside a procedure
IF NOT Send() THEN Info("failed: " + ErrorInfo(errMessage))
//> failed: no server
PROCEDURE Send()
ErrorThrow(1, "no server")
RESULT False

//== ErrorOccurred is false at the start
Info(ErrorOccurred) //> 0

//== ErrorOccurred in lower case with parentheses
ErrorThrow(2, "x")
IF errOroccurred() THEN Info("detected")
//> detected

//== ErrorThrow is not caught as an exception
WHEN EXCEPTION IN
	ErrorThrow(1, "non-fatal")
DO
	Info("never")
END
Info("goes on") //> goes on

//== fatal error inside a procedure: reported on its line
Compute()
PROCEDURE Compute()
n is int = 0
IF n = 0 THEN Info(n / n) //!! division by zero

//== index outside the array
t is array of int = [1, 2, 3]
IF True THEN Info(t[4]) //!! index 4 is outside the array \(size 3\)
//exit 70

//== unknown function
x is int = 1
IF x = 1 THEN InfoUnknownThing("a") //!! 'InfoUnknownThing' is unknown
//exit 70

//== unknown variable inside an expression
x is int = 1
IF True THEN Info(x + y) //!! 'y' is unknown

//== variable used before its declaration
IF True THEN Info(n) //!! has not been declared yet|unknown
n is int = 1

//== wrong argument count for a built-in
x is int = 1
IF True THEN Info(Abs(1, 2)) //!! Abs takes 1 argument, not 2
//exit 70

//== wrong argument count: too few
x is int = 1
IF True THEN Info(Abs()) //!! Abs takes 1 argument, not 0

//== missing END for an IF
//exit 65
x is int = 1
IF x = 1 THEN
	Info(x)
Info("end") //!! missing END for the IF of line 3

//== missing END for a FOR
//exit 65
FOR i = 1 TO 3
	Info(i) //!! missing END for the FOR of line 2

//== missing END for a WHILE
n is int
WHILE n < 3
	n++ //!! missing END for the WHILE of line 2

//== missing END for a SWITCH
x is int = 1
SWITCH x
	CASE 1 : Info(1) //!! missing END for the SWITCH of line 2

//== missing END for a nested IF
FOR i = 1 TO 2
	IF i = 1 THEN //!! missing END for the IF of line 2: the END of line 4 is aligned with the FOR of line 1
		Info(i)
END

//== missing END: nothing runs
Info("before")
IF True THEN
	Info("inside") //!! missing END for the IF of line 2

//== unexpected token
x is int = = 2 //!! unexpected '='
//exit 65

//== END too many
x is int = 1
IF x = 1 THEN Info(1)
END //!! unexpected 'END'

//== two values without a comma
x is int = 1
IF True THEN Info(1 2) //!! unexpected '2'

//== WHEN EXCEPTION IN without DO
x is int = 1
WHEN EXCEPTION IN
	Info(x)
END //!! unexpected 'END'; expected DO

//== unterminated string: exit code 65
x is int = 1
IF x = 1 THEN Info("abc) //!! unterminated string
//exit 65

//== general WHEN EXCEPTION in a procedure: the caller continues (clearly English)
P()
IF True THEN Info("after P")
//> in P
//> caught: division by zero
//> after P
PROCEDURE P()
WHEN EXCEPTION
	IF True THEN Info("caught: " + ExceptionInfo())
END
IF True THEN Info("in P")
n is int = 0
IF n = 0 THEN Info(1 / n)
Info("never")

//== uncaught fatal error: exit code 70 (clearly English)
x is int = 0
IF True THEN Info("a")
IF True THEN Info(5 / x) //!! division by zero
Info("b")
//> a
//exit 70

//== an exception thrown again inside DO is caught by the caller
WHEN EXCEPTION IN
	Outer()
DO
	Info("caller: " + ExceptionInfo())
END
//> inner: first
//> caller: thrown again
PROCEDURE Outer()
WHEN EXCEPTION IN
	ExceptionThrow(1, "first")
DO
	Info("inner: " + ExceptionInfo())
	ExceptionThrow(2, "thrown again")
END

//== ExceptionInfo outside an exception handler
Info("[" + ExceptionInfo() + "]", ExceptionInfo(errCode))
//> []
//> 0

//== unknown property at run time: "did you mean" (issue 16)
MySession is emailSMTPSession
MySession.Prot = 25 //!! 'Prot' is not a property of emailSMTPSession; did you mean 'Port'\?
//exit 70

//== unknown method at run time: "did you mean"
MySession is emailSMTPSession
MySession.StartSesion() //!! unknown method 'StartSesion'; did you mean 'StartSession'\?
//exit 70

//== property of an integer: unknown, not "cannot be changed"
x is int
x.Foo = 2 //!! 'Foo' is not a property of int$
//exit 70

//== '==' instead of '=' (issue 16)
n is int = 2
IF n == 2 THEN //!! '==' is not WLangage: a comparison is written with a single '='
	Info(n)
END
//exit 65

//== '...' forgotten at the end of a line
s is string = "a" + //!! the line ends with '\+': to continue .* end the line with '\.\.\.'
	"b"
//exit 65

//== the END aligned with the FOR: the IF is the one missing its END
FOR i = 1 TO 3
	IF i = 2 THEN //!! missing END for the IF of line \d+: the END of line \d+ is aligned with the FOR
		Info(i)
END
Info("end")
//exit 65

//== exact number of arguments
Info(Left("abc")) //!! Left takes 2 arguments, not 1$
//exit 70
