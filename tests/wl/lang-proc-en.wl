// Procedures (reference §6.6 to §6.8, decision 5) — English script.

//== procedure declared after the main code
Info(Square(3)) //> 9
PROCEDURE Square(x)
RESULT x * x

//== procedures calling each other
Info(Sum3(1, 2, 3)) //> 6
PROCEDURE Sum3(a, b, c)
RESULT Sum2(Sum2(a, b), c)
PROCEDURE Sum2(a, b)
RESULT a + b

//== FUNCTION is a synonym of PROCEDURE
Info(Twice(21)) //> 42
FUNCTION Twice(n)
RESULT n * 2

//== untyped parameter: takes the type of the argument
Info(PlusOne(1), PlusOne("a"))
//> 2
//> a1
PROCEDURE PlusOne(x)
RESULT x + 1

//== typed parameter
Info(Half(7)) //> 3.5
PROCEDURE Half(n is int)
RESULT n / 2

//== typed parameter: light syntax
Info(Thrice(5)) //> 15
PROCEDURE Thrice(n int)
RESULT n * 3

//== int parameter: a real argument is converted
Info(Identity(3.7)) //> 3
PROCEDURE Identity(LOCAL n is int)
RESULT n

//== parameter with a default value
Info(AddTo(1), AddTo(1, 2))
//> 11
//> 3
PROCEDURE AddTo(a, b = 10)
RESULT a + b

//== typed parameter with a default value
Info(Greet(), Greet("Lea"))
//> Hello you
//> Hello Lea
PROCEDURE Greet(who is string = "you")
RESULT "Hello " + who

//== * keeps the default value
Info(Describe(*, 5)) //> 1-5
Info(Describe(7, *)) //> 7-2
PROCEDURE Describe(a = 1, b = 2)
RESULT "" + a + "-" + b

//== LOCAL parameter: a copy, the caller's variable does not change
n is int = 1
Change(n)
Info(n) //> 1
PROCEDURE Change(LOCAL x)
x = 99

//== by-reference parameter: the caller's variable changes
n is int = 1
Change(n)
Info(n) //> 99
PROCEDURE Change(x)
x = 99

//== typed by-reference parameter
s is string = "a"
Shout(s)
Info(s) //> a!
PROCEDURE Shout(t is string)
t += "!"

//== an expression passed as an argument is a copy
n is int = 1
Change(n + 0)
Info(n) //> 1
PROCEDURE Change(x)
x = 99

//== an array is passed by reference
t is array of int = [1]
Fill(t)
Info(t..Count, t[2])
//> 2
//> 42
PROCEDURE Fill(arr)
Add(arr, 42)

//== an array element changed in a procedure
t is array of int = [1, 2]
Clear(t)
Info(t[1]) //> 0
PROCEDURE Clear(arr)
arr[1] = 0

//== return type: converted to int
Info(Give()) //> 3
PROCEDURE Give() : int
RESULT 3.7

//== return type: converted to string
Info(Give() + 1) //> 121
PROCEDURE Give() : string
RESULT 12

//== RESULT leaves the procedure
Info(Sign(-3), Sign(4))
//> -1
//> 1
PROCEDURE Sign(n)
IF n < 0 THEN RESULT -1
RESULT 1

//== RESULT inside a loop
Info(FirstEven([3, 8, 9])) //> 8
PROCEDURE FirstEven(t)
FOR EACH x OF t
	IF x modulo 2 = 0 THEN RESULT x
END
RESULT 0

//== RETURN leaves a procedure without a value
Say(False)
Say(True)
//> start
//> start
//> end
PROCEDURE Say(b)
Info("start")
IF NOT b THEN RETURN
Info("end")

//== RETURN with a value is accepted like RESULT
Info(Two()) //> 2
PROCEDURE Two()
RETURN 2

//== several return values
a, b are int
(a, b) = MinMax([4, 1, 9])
Info(a, b)
//> 1
//> 9
PROCEDURE MinMax(t)
lo is int = t[1]
hi is int = t[1]
FOR EACH x OF t
	IF x < lo THEN lo = x
	IF x > hi THEN hi = x
END
RESULT (lo, hi)

//== several return values with let
let (q, r) = IntDiv(17, 5)
Info(q, r)
//> 3
//> 2
PROCEDURE IntDiv(a, b)
RESULT (IntegerPart(a / b), a modulo b)

//== several return values with declared types
let (n, s) = Pair()
Info(n + 1, s + 1)
//> 2
//> x1
PROCEDURE Pair() : (int, string)
RESULT (1, "x")

//== recursion
Info(Fact(10)) //> 3628800
PROCEDURE Fact(n)
IF n <= 1 THEN RESULT 1
RESULT n * Fact(n - 1)

//== double recursion
Info(Fib(15)) //> 610
PROCEDURE Fib(n)
IF n < 2 THEN RESULT n
RESULT Fib(n - 1) + Fib(n - 2)

//== INTERNAL PROCEDURE reading the enclosing procedure's variables
Info(Prefix(["a", "b"])) //> >a>b
PROCEDURE Prefix(t)
sMark is string = ">"
sRes is string
FOR EACH x OF t
	sRes += Mark(x)
END
RESULT sRes
	INTERNAL PROCEDURE Mark(s)
		RESULT sMark + s
	END

//== INTERNAL PROCEDURE in the main code
base is int = 100
Info(Add100(5)) //> 105
INTERNAL PROCEDURE Add100(n)
	RESULT base + n
END

//== INTERNAL PROCEDURE is invisible outside its procedure
Outer()
IF True THEN Inner() //!! unknown
PROCEDURE Outer()
INTERNAL PROCEDURE Inner()
	Info("x")
END

//== procedure without parentheses called as a statement
Hello
Hello()
//> hello
//> hello
PROCEDURE Hello
Info("hello")

//== the result of a call used as a statement is dropped
Two()
Info("end") //> end
PROCEDURE Two()
RESULT 2

//== a procedure shadows a built-in; WL.Trace reaches the original
Trace("a")
Trace("b")
//! [a]
//! [b]
PROCEDURE Trace(x)
WL.Trace("[" + x + "]")

//== WL.Info reaches the shadowed built-in
Info("x")
//> <x>
PROCEDURE Info(x)
WL.Info("<" + x + ">")

//== WL. without a shadowing procedure
WL.Info("direct") //> direct

//== RETURN in the main code ends the script
Info("before")
RETURN
Info("after")
//> before

//== RETURN inside a block of the main code
FOR i = 1 TO 5
	IF i = 2 THEN RETURN
	Info(i)
END
Info("never")
//> 1
//exit 0

//== procedure keywords in lower case
Info(Cube(2)) //> 8
procedure Cube(LOCAL n is int) : INT
result n * n * n

//== procedure names ignore case and accents
Info(ÉLÈVE(2)) //> 4
PROCEDURE Eleve(n)
RESULT n ^ 2

//== missing required parameter (in a clearly English script)
x is int = 1
IF x = 1 THEN Info(AddTo(x)) //!! parameter 'b' of AddTo is required
PROCEDURE AddTo(a is int, b is int)
RESULT a + b

//== too many arguments (in a clearly English script)
x is int = 1
IF x = 1 THEN Info(AddTo(1, 2, 3)) //!! receives 3 arguments but declares only 2
PROCEDURE AddTo(a is int, b is int)
RESULT a + b

//== infinite recursion (in a clearly English script)
x is int = 1
IF x = 1 THEN Info(Forever(x))
PROCEDURE Forever(n is int)
RESULT Forever(n + 1) //!! too many nested calls

//== a structure is passed by reference
S is a Structure
	n is int
END
v is S
FillIn(v)
Info(v.n) //> 7
PROCEDURE FillIn(x)
x.n = 7

//== INTERNAL PROCEDURE changing a variable of the enclosing procedure
Info(Counter()) //> 3
PROCEDURE Counter()
n is int
LOOP(3)
	Bump()
END
RESULT n
	INTERNAL PROCEDURE Bump()
		n++
	END

//== a variable of the main code is visible in a procedure
gv is int = 5
Change()
Info(gv) //> 6
PROCEDURE Change()
gv = 6
