// Operators (reference §5) — English script.

//== * binds tighter than +
Info(3 + 4 * 2, (3 + 4) * 2)
//> 11
//> 14

//== subtraction left to right
Info(10 - 2 - 3) //> 5

//== modulo
Info(7 modulo 3) //> 1

//== modulo: sign of the dividend
Info(-7 modulo 3) //> -1
Info(7 modulo -3) //> 1

//== modulo of a real
Info(7.5 modulo 2) //> 1.5

//== modulo has the priority of *
Info(2 * 3 modulo 4) //> 2
Info(1 + 7 MODULO 4) //> 4

//== power ^
Info(2 ^ 10) //> 1024
Info(9 ^ 0.5) //> 3
Info(2 ^ -1) //> 0.5

//== power before multiplication
Info(2 * 3 ^ 2) //> 18

//== negative number to a fractional power
x is real = -8
IF True THEN Info(x ^ 0.5) //!! impossible power

//== += and -= on an int
n is int = 5
n += 3
Info(n) //> 8
n -= 10
Info(n) //> -2

//== += on a string
s is string = "ab"
s += "cd"
s += 1
Info(s) //> abcd1

//== ++ and --
n is int = 1
n++
n++
Info(n) //> 3
n--
Info(n) //> 2

//== ++ on an array element
t is array of int = [10, 20]
t[2]++
t[1] += 5
Info(t[1], t[2])
//> 15
//> 21

//== ++ on something that is not a variable
n is int = 1
IF True THEN (n + 1)++ //!! cannot be assigned

//== optional concatenation adds the missing separator
dir is string = "C:\Temp"
Info(dir + ["\"] + "log.txt") //> C:\Temp\log.txt

//== optional concatenation: separator already there
dir is string = "C:\Temp\"
Info(dir + ["\"] + "log.txt") //> C:\Temp\log.txt

//== optional concatenation: empty string
s is string = ""
Info(s + [","] + "a") //> a

//== += [sep] to build a list
list is string
FOR EACH x OF ["a", "b", "c"]
	list += [","]
	list += x
END
Info(list) //> a,b,c

//== += [sep] does not double the separator
s is string = "a,"
s += [","]
Info(s) //> a,
s += ["\"]
Info(s) //> a,\

//== substring [[n]]
s is string = "San Francisco"
Info(s[[5]]) //> F

//== substring [[a TO b]]
s is string = "San Francisco"
Info(s[[5 TO 10]]) //> Franci
Info(s[[2 to 3]]) //> an

//== substring [[a TO]] up to the end
s is string = "San Francisco"
Info(s[[5 TO]]) //> Francisco

//== substring [[TO b]] from the start
s is string = "San Francisco"
Info(s[[TO 3]]) //> San

//== substring [[a ON n]]
s is string = "San Francisco"
Info(s[[10 ON 4]]) //> isco
Info(s[[2 on 2]]) //> an

//== substring with single brackets
s is string = "San Francisco"
Info(s[2]) //> a
Info(s[5 TO 10]) //> Franci

//== substring past the end
s is string = "abc"
Info(s[[2 TO 10]]) //> bc

//== substrings inside an expression
s is string = "abcdef"
Info(s[[1]] + s[[6]]) //> af

//== = on strings is case-sensitive
Info("abc" = "abc", "abc" = "ABC", "e" = "é")
//> 1
//> 0
//> 0

//== <> and string order
Info("a" <> "b", "a" < "b", "b" <= "a")
//> 1
//> 1
//> 0

//== number comparisons
Info(2 <= 2, 3 > 2, 2 >= 3, 1 <> 1)
//> 1
//> 1
//> 0
//> 0

//== ~= ignores case, accents and surrounding spaces
Info("abc" ~= "  ABC ") //> 1
Info("DEVELOPPEMENT" ~= "Développement") //> 1
Info("abc" ~= "abd") //> 0

//== ~= keeps inner spaces
Info("a b" ~= "ab") //> 0

//== ~~ also ignores spaces and punctuation
Info("a b-c" ~~ "ABC") //> 1
Info("abc" ~~ "abd") //> 0

//== [= starts with
Info("Hello" [= "He") //> 1
Info("Hello" [= "he") //> 0

//== [=] contains
Info("Hello" [=] "ell") //> 1
Info("Hello" [=] "x") //> 0

//== =] ends with
Info("Hello" =] "llo") //> 1
Info("Hello" =] "He") //> 0

//== interval 1 < x < 5
x is int = 3
Info(1 < x < 5) //> 1
x = 5
Info(1 < x < 5) //> 0
Info(1 <= x <= 5) //> 1

//== interval x = 1 TO 5
x is int = 3
Info(x = 1 TO 5) //> 1
x = 6
Info(x = 1 TO 5) //> 0

//== IN a list
x is int = 2
Info(x IN (1, 2, 3)) //> 1
Info(x IN (4, 5)) //> 0
Info("b" in ("a", "b")) //> 1

//== NOT IN
x is int = 2
Info(x NOT IN (4, 5)) //> 1
Info(x NOT IN (1, 2)) //> 0

//== NOT before IN applies to the whole test
x is int = 2
IF NOT x IN (1, 2) THEN Info("absent") ELSE Info("present") //> present

//== AND, OR, NOT
Info(True AND False, True OR False, NOT True, NOT False)
//> 0
//> 1
//> 0
//> 1

//== AND evaluates both sides
IF False AND Probe() THEN Info("no")
Info("end")
//! probe
//> end
PROCEDURE Probe()
Trace("probe")
RESULT True

//== OR evaluates both sides
IF True OR Probe() THEN Info("yes")
//! probe
//> yes
PROCEDURE Probe()
Trace("probe")
RESULT False

//== _AND_ skips the right side when the left is false
IF False _AND_ Probe() THEN Info("no")
IF True _AND_ Probe() THEN Info("yes")
//! probe
//> yes
PROCEDURE Probe()
Trace("probe")
RESULT True

//== _OR_ skips the right side when the left is true
IF True _OR_ Probe() THEN Info("yes")
IF False _OR_ Probe() THEN Info("no")
//> yes
//! probe
PROCEDURE Probe()
Trace("probe")
RESULT False

//== _AND_ avoids a division by zero
n is int = 0
IF n <> 0 _AND_ 10 / n > 1 THEN Info("big") ELSE Info("ok") //> ok

//== AND does not short-circuit: the division by zero happens
n is int = 0
IF n <> 0 AND 10 / n > 1 THEN Info("big") //!! division by zero

//== _IN_ stops at the first equal element
x is int = 1
Info(x _IN_ (1, Probe())) //> 1
PROCEDURE Probe()
Trace("probe")
RESULT 2

//== AND and OR have the same priority, left to right
Info(True OR True AND False) //> 0
Info(True OR False AND False) //> 0
Info(False AND False OR True) //> 1

//== parentheses change the order
Info(True OR (True AND False)) //> 1

//== ternary operator
n is int = 5
Info(n > 0 ? "positive" ELSE "negative") //> positive
n = -1
Info(n > 0 ? "positive" ELSE "negative") //> negative

//== nested ternaries
n is int = 0
s is string = n > 0 ? "p" ELSE n < 0 ? "n" ELSE "z"
Info(s) //> z

//== ternary: only the chosen branch is evaluated
n is int = 0
Info(n = 0 ? 0 ELSE 10 / n) //> 0

//== a string as a condition is a fatal error
s is string = "yes"
IF s THEN Info("x") //!! a string \('yes'\) cannot be used as a condition

//== a string inside AND is a fatal error
s is string = "abc"
IF True THEN Info(True AND s) //!! cannot be used as a condition

//== a string as a WHILE condition
s is string = "x"
WHILE s //!! condition
	s = ""
END
