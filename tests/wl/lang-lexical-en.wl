// Lexical structure (reference §1, decisions 1 to 4) — English script.

//== ... continues the statement on the next line
x is int = 1 + ...
	2 + ...
	3
Info(x) //> 6

//== ... inside the argument list of a call
Info("a", ...
	"b")
//> a
//> b

//== ... followed by a comment
n is int = 10 + ... // the rest follows
	5
Info(n) //> 15

//== a line holding only ... (indented) between two statements
Info("before")
	...
Info("after")
//> before
//> after

//== lone ... in the middle of a split expression
total is int = 2 * ...
	...
	4
Info(total) //> 8

//== lone ... only joins the next line
total is int = 2
	...
	* 4 //!! unexpected

//== ... inside a string is not a continuation
Info("a...")
Info("b")
//> a...
//> b

//== newline inside parentheses
y is int = (1 +
	2 +
	3)
Info(y) //> 6

//== newline between the arguments of a call
Info(
	"one",
	"two"
)
//> one
//> two

//== newline inside an array literal
t is array of int = [1,
	2,
	3]
Info(t[3]) //> 3

//== // comment to the end of the line
Info("a") // Info("b")
// Info("c")
//> a

//== // inside a string is not a comment
Info("http://example.org") //> http://example.org

//== /* */ comment on one line
Info(1 /* one */ + /* two */ 2) //> 3

//== /* */ comment over several lines
/* Info("hidden")
Info("hidden too") */
Info("visible") //> visible

//== /* inside a string does not open a comment
Info("a /* b */ c") //> a /* b */ c

//== unclosed /* comment
x is int = 1
IF x = 1 THEN Info("x")
/* never closed //!! unclosed
Info("y")

//== "" inside a string is a quote
Info("he said ""hello""") //> he said "hello"

//== string holding only a quote
q is string = """"
Info(q) //> "

//== no backslash escapes
Info("C:\Temp\new") //> C:\Temp\new

//== empty string
Info("" + "x" + "") //> x

//== unterminated string
s is string = "abc //!! unterminated string

//== interpolation [% variable %]
name is string = "Zoe"
Info("Hello [%name%] !") //> Hello Zoe !

//== interpolation of a number and an array element
n is int = 42
arr is array of strings = ["a", "b", "c"]
Info("n=[%n%] t2=[%arr[2]%]") //> n=42 t2=b

//== interpolation of an expression
a is int = 4
Info("[%a + 1%] and [%a * a%]") //> 5 and 16

//== interpolation of a boolean
b is boolean = True
Info("b=[%b%]") //> b=1

//== text without [% stays as it is
Info("[no interpolation] 50 %") //> [no interpolation] 50 %

//== multi-line string between [ and ]
s is string = [
	Hello,
	world
	]
Info(s = "Hello," + CR + "world") //> 1

//== multi-line string: common indentation removed, relative indentation kept
s is string = [
		line 1
		  line 2
		line 3
]
Info(s = "line 1" + CR + "  line 2" + CR + "line 3") //> 1

//== multi-line string between quotes
s is string = "
	Dear customer,
	thank you.
	"
Info(s = "Dear customer," + CR + "thank you.") //> 1

//== multi-line string shown
s is string = [
	a
	b
]
Info(s)
//> a
//> b

//== multi-line string with interpolation
who is string = "Lea"
s is string = [
	Hello [%who%]
	Goodbye
]
Info(s = "Hello Lea" + CR + "Goodbye") //> 1

//== multi-line string assigned after the declaration
s is string
s = [
	x
	y
]
Info(s = "x" + CR + "y") //> 1

//== ; separates two statements
a is int = 1; b is int = 2
Info(a + b) //> 3

//== ; at the end of a line is tolerated
c is int = 5;
Info(c); Info(c + 1);
//> 5
//> 6

//== repeated empty ;
Info(1);; Info(2)
//> 1
//> 2

//== keywords ignore case
flag is boolean = True
if flag then
	Info("if")
EnD
If NOT flag THEN Info("no") else Info("yes")
//> if
//> yes

//== PROCEDURE and procedure are the same keyword
Info(Twice(4)) //> 8
Info(Thrice(2)) //> 6
PROCEDURE Twice(x)
RESULT x * 2
procedure Thrice(x)
result x * 3

//== French and English keywords mixed in one script
s is string = "x"
SI s = "x" THEN
	Info("mixed")
END
//> mixed

//== variable names ignore case and accents
Prénom is string = "Zoe"
Info(prenom) //> Zoe
PRENOM = "Eve"
Info(Prénom) //> Eve

//== functions ignore case
INFO("a")
info("b")
//> a
//> b

//== string contents keep their case and accents
Info("Éàç SUMMER") //> Éàç SUMMER

//== unexpected character
x is int = 1 § 2 //!! unexpected character

//== accented and underscored names
_total_Été is int = 3
Info(_TOTAL_ete) //> 3

//== interpolation of an unknown variable
x is int = 1
IF x = 1 THEN Info("v=[%zz%]") //!! 'zz' is unknown

//== multi-line [ string never closed
x is int = 1
s is string = [ //!! unterminated multi-line text
	abc
IF x = 1 THEN Info(s)

//== multi-line " string never closed
x is int = 1
s is string = " //!! unterminated string
	abc
IF x = 1 THEN Info(s)

//== multi-line string: an empty inner line is kept
s is string = [
	a

	b
]
Info(s = "a" + CR + CR + "b") //> 1
