// Automatic conversions (decision 6, reference §5.4) — English script.

//== string + number concatenates
Info("a" + 1) //> a1

//== number + string adds
Info(1 + "2") //> 3

//== numeric string on the left: still a concatenation
Info("2" + 3) //> 23

//== number + non-numeric string: the string counts as 0 like Val
Info(1 + "abc") //> 1

//== number + string starting with a number
Info(1 + "2x") //> 3

//== number + decimal string
Info(0 + "1.5") //> 1.5

//== string + real: no useless zeros
Info("x" + 1.50) //> x1.5

//== division is not integer division
Info(18 / 5) //> 3.6

//== exact division: no decimals
Info(6 / 3) //> 2

//== negative division
Info(-7 / 2) //> -3.5

//== 0.1 + 0.2 prints 0.3
Info(0.1 + 0.2) //> 0.3

//== 0.1 * 3 prints 0.3
Info(0.1 * 3) //> 0.3

//== a real keeps at most 15 significant digits
Info(1 / 3) //> 0.333333333333333
Info(2 / 3) //> 0.666666666666667

//== a whole number prints without decimals
r is real = 120.0
Info(r) //> 120

//== int assigned a real: truncated
n is int = 3.7
Info(n) //> 3

//== int assigned a negative real: truncated toward zero
n is int
n = -3.7
Info(n) //> -3

//== int assigned the result of a division
n is int = 7 / 2
Info(n) //> 3

//== real assigned a division of ints
r is real = 7 / 2
Info(r) //> 3.5

//== string assigned a number
s is string = 105.50
Info(s) //> 105.5
Info(s + "!") //> 105.5!

//== string assigned an int then concatenated
s is string
s = 12
Info(s + 3) //> 123

//== int assigned a numeric string
n is int = "42"
Info(n + 1) //> 43

//== real assigned a decimal string
r is real = "2.5"
Info(r * 2) //> 5

//== Info(True) prints 1
Info(True) //> 1
Info(False) //> 0

//== boolean concatenated to a string: 1 / 0
b is boolean = True
Info("b=" + b) //> b=1
Info("f=" + False) //> f=0

//== string assigned a boolean
s is string = True
Info(s) //> 1

//== Trace of a boolean
Trace(True, False)
//! 1, 0

//== boolean assigned a number
b is boolean = 5
c is boolean = 0
Info(b, c)
//> 1
//> 0

//== int assigned a boolean
n is int = True
Info(n + 1) //> 2

//== a number as a condition: 0 is false
IF 0 THEN Info("true") ELSE Info("false")
IF 5 THEN Info("true") ELSE Info("false")
IF -1 THEN Info("true") ELSE Info("false")
//> false
//> true
//> true

//== negative numbers and subtraction
Info(3 - 5, -2.50)
//> -2
//> -2.5

//== division by zero
x is int = 0
IF x = 0 THEN Info(10 / x) //!! division by zero

//== division of a real by zero
x is real = 1.5
IF True THEN Info(x / 0) //!! division by zero

//== modulo zero
x is int = 5
IF True THEN Info(x modulo 0) //!! division by zero

//== currency: 6 decimals
m is currency = 1 / 3
Info(m) //> 0.333333

//== currency: exact computation
m is currency = 0.1
m = m + 0.2
Info(m = 0.3) //> 1

//== real assigned to a string: 15 significant digits
s is string = 1 / 3
Info(s) //> 0.333333333333333

//== comparing two numeric strings: alphabetical order
Info("10" < "9") //> 1
