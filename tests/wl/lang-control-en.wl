// Control flow (reference §6.1 to §6.5) — English script.

//== IF block with ELSE
n is int = 5
IF n > 3 THEN
	Info("big")
ELSE
	Info("small")
END
//> big

//== IF block: ELSE branch
n is int = 1
IF n > 3 THEN
	Info("big")
ELSE
	Info("small")
END
//> small

//== IF block without ELSE and a false condition
IF False THEN
	Info("never")
END
Info("after") //> after

//== ELSE IF chain
FOR n = 0 TO 2
	IF n = 0 THEN
		Info("zero")
	ELSE IF n = 1 THEN
		Info("one")
	ELSE
		Info("many")
	END
END
//> zero
//> one
//> many

//== ELSE IF: only the first true branch runs
n is int = 5
IF n > 1 THEN
	Info("a")
ELSE IF n > 2 THEN
	Info("b")
END
//> a

//== one-line IF
n is int = 2
IF n = 2 THEN Info("two") ELSE Info("other") //> two
IF n = 3 THEN Info("three") ELSE Info("other") //> other

//== one-line IF without ELSE
IF True THEN Info("yes")
IF False THEN Info("no")
//> yes

//== one-line IF with ELSE IF
n is int = 3
IF n = 1 THEN Info("one") ELSE IF n = 3 THEN Info("three") ELSE Info("?") //> three

//== nested IFs
a is int = 1
b is int = 2
IF a = 1 THEN
	IF b = 2 THEN
		Info("a and b")
	END
END
//> a and b

//== lower-case keywords
if True then
	info("ok")
else
	info("ko")
end
//> ok

//== SWITCH on values
n is int = 2
SWITCH n
	CASE 1 : Info("one")
	CASE 2 : Info("two")
	CASE 3 : Info("three")
END
//> two

//== SWITCH: action on the next line
n is int = 1
SWITCH n
	CASE 1
		Info("one")
		Info("again")
	CASE 2
		Info("two")
END
//> one
//> again

//== SWITCH: list of values CASE 1, 2
FOR n = 1 TO 3
	SWITCH n
		CASE 1, 2 : Info("small")
		OTHER CASE : Info("other")
	END
END
//> small
//> small
//> other

//== SWITCH: CASE 1 OR 2
FOR n = 1 TO 3
	SWITCH n
		CASE 1 OR 2 : Info("small")
		OTHER CASE : Info("other")
	END
END
//> small
//> small
//> other

//== SWITCH: range CASE 3 TO 5
FOR EACH n OF [2, 3, 5, 6]
	SWITCH n
		CASE 3 TO 5 : Info("[%n%] in")
		OTHER CASE : Info("[%n%] out")
	END
END
//> 2 out
//> 3 in
//> 5 in
//> 6 out

//== SWITCH: CASE TO 0 and CASE 10 TO
FOR EACH n OF [-5, 0, 5, 10, 50]
	SWITCH n
		CASE TO 0 : Info("zero or less")
		CASE 10 TO : Info("10 or more")
		OTHER CASE : Info("between")
	END
END
//> zero or less
//> zero or less
//> between
//> 10 or more
//> 10 or more

//== SWITCH: CASE > 100
n is int = 150
SWITCH n
	CASE > 100 : Info("huge")
	OTHER CASE : Info("normal")
END
//> huge

//== SWITCH: CASE 10 < * < 20
FOR EACH n OF [10, 15, 20]
	SWITCH n
		CASE 10 < * < 20 : Info("inside")
		OTHER CASE : Info("edge")
	END
END
//> edge
//> inside
//> edge

//== SWITCH: OTHER CASES
n is int = 9
SWITCH n
	CASE 1 : Info("one")
	OTHER CASES : Info("others")
END
//> others

//== SWITCH: the first matching case wins
n is int = 4
SWITCH n
	CASE 1 TO 5 : Info("first")
	CASE 4 : Info("second")
END
//> first

//== SWITCH: no matching case and no OTHER CASE
n is int = 7
SWITCH n
	CASE 1 : Info("one")
END
Info("end") //> end

//== SWITCH on strings
s is string = "red"
SWITCH s
	CASE "green" : Info("go")
	CASE "red", "amber" : Info("stop")
END
//> stop

//== SWITCH on strings: case matters
s is string = "Red"
SWITCH s
	CASE "red" : Info("lower")
	OTHER CASE : Info("other")
END
//> other

//== FOR 1 TO 3
FOR i = 1 TO 3
	Info(i)
END
//> 1
//> 2
//> 3

//== FOR in lower case
for i = 1 to 2
	Info(i)
end
//> 1
//> 2

//== FOR with a negative STEP
FOR i = 10 TO 1 STEP -3
	Info(i)
END
//> 10
//> 7
//> 4
//> 1

//== FOR with STEP 2
s is string
FOR i = 1 TO 6 STEP 2
	s += i
END
Info(s) //> 135

//== FOR whose limit is already passed: no iteration
FOR i = 5 TO 1
	Info("never")
END
Info("end") //> end

//== FOR: the TO limit is evaluated again before each iteration
t is array of int = [1, 2]
nRounds is int
FOR i = 1 TO t..Count
	nRounds++
	IF t..Count < 5 THEN Add(t, 0)
END
Info(nRounds, t..Count)
//> 5
//> 5

//== FOR: the _TO_ limit is computed once
t is array of int = [1, 2]
nRounds is int
FOR i = 1 _TO_ t..Count
	nRounds++
	IF t..Count < 5 THEN Add(t, 0)
END
Info(nRounds, t..Count)
//> 2
//> 4

//== FOR: _TO_ with a variable changed in the loop
n is int = 3
FOR i = 1 _TO_ n
	n = 1
	Trace(i)
END
//! 1
//! 2
//! 3

//== FOR: the loop variable is declared automatically
total is int
FOR k = 1 TO 4
	total += k
END
Info(total) //> 10

//== FOR EACH over an array
t is array of strings = ["a", "b"]
FOR EACH x OF t
	Info(x)
END
//> a
//> b

//== FOR EACH with IN
t is array of int = [3, 4]
FOR EACH x IN t
	Info(x * 2)
END
//> 6
//> 8

//== FOR EACH over an empty array
t is array of int
FOR EACH x OF t
	Info("never")
END
Info("empty") //> empty

//== FOR EACH ELEMENT with the index
t is array of strings = ["x", "y", "z"]
FOR EACH ELEMENT v, i OF t
	Info("" + i + ":" + v)
END
//> 1:x
//> 2:y
//> 3:z

//== FOR EACH over an associative array: value and key
t is tableau associatif of int
t["one"] = 1
t["two"] = 2
FOR EACH v, k OF t
	Info(k + "=" + v)
END
//> one=1
//> two=2

//== FOR EACH STRING ... SEPARATED BY
s is string = "a,b,c"
FOR EACH STRING x OF s SEPARATED BY ","
	Info(x)
END
//> a
//> b
//> c

//== FOR EACH STRING with a separator of several characters
FOR EACH STRING x OF "one; two; three" SEPARATED BY "; "
	Info(x)
END
//> one
//> two
//> three

//== FOR EACH over a number is an error
n is int = 3
FOR EACH x OF n //!! cannot be walked with FOR EACH
	Info(x)
END

//== WHILE
n is int = 1
WHILE n < 100
	n = n * 3
END
Info(n) //> 243

//== WHILE whose condition is false at once
WHILE False
	Info("never")
END
Info("end") //> end

//== LOOP and BREAK
n is int
LOOP
	n++
	IF n = 4 THEN BREAK
END
Info(n) //> 4

//== LOOP(3)
LOOP(3)
	Info("x")
END
//> x
//> x
//> x

//== LOOP (0) does nothing
LOOP (0)
	Info("never")
END
Info("end") //> end

//== LOOP ... DO WHILE
n is int
LOOP
	n++
DO WHILE n < 3
Info(n) //> 3

//== LOOP ... DO WHILE: the body runs at least once
n is int = 10
LOOP
	n++
DO WHILE n < 3
Info(n) //> 11

//== CONTINUE goes to the next iteration
FOR i = 1 TO 5
	IF i modulo 2 = 0 THEN CONTINUE
	Info(i)
END
//> 1
//> 3
//> 5

//== CONTINUE inside WHILE
i is int = 0
WHILE i < 4
	i++
	IF i = 2 THEN CONTINUE
	Trace(i)
END
//! 1
//! 3
//! 4

//== BREAK leaves only the inner loop
FOR i = 1 TO 2
	FOR j = 1 TO 10
		IF j > 2 THEN BREAK
		Info("" + i + "." + j)
	END
END
//> 1.1
//> 1.2
//> 2.1
//> 2.2

//== BREAK out of FOR EACH
FOR EACH x OF ["a", "stop", "b"]
	IF x = "stop" THEN BREAK
	Info(x)
END
//> a

//== FOR with a declared real variable and a decimal STEP
r is real
FOR r = 0 TO 1 STEP 0.5
	Trace(r)
END
//! 0
//! 0.5
//! 1

//== FOR: changing the counter inside the loop
FOR i = 1 TO 5
	Trace(i)
	i++
END
//! 1
//! 3
//! 5
