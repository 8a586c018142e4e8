// Declarations (reference §3, §4) — English script.

//== is a / is an with an initialiser
n is an int = 5
s is a string = "abc"
Info(n, s)
//> 5
//> abc

//== the article is optional
n is int = 7
Info(n) //> 7

//== defaults: 0, "" and False
n is int
r is real
s is string
b is boolean
Info(n, r, "[" + s + "]", b)
//> 0
//> 0
//> []
//> 0

//== are with a plural type name
a, b are ints
a = 1
b = a + 1
Info(a, b)
//> 1
//> 2

//== are strings
x, y are strings
x = "u"
y = "v"
Info(x + y) //> uv

//== several names share the type and the default
p, q, r are booleans
Info(p, q, r)
//> 0
//> 0
//> 0

//== the type of a variable converts assigned values
n is int
n = "12"
Info(n + 1) //> 13

//== an undeclared variable is an error
x is int = 1
IF x = 1 THEN Info(unknownThing) //!! unknown

//== let infers the type from the value
let n = 5
let s = "abc"
let r = 1.5
Info(n + 1, s + 1, r * 2)
//> 6
//> abc1
//> 3

//== let: the variable keeps its type (int)
let n = 5
n = 3.7
Info(n) //> 3

//== let: the variable keeps its type (string)
let s = "x"
s = 12
Info(s + 1) //> 121

//== let with several variables
let (a, b) = (1, "A")
Info(a, b)
//> 1
//> A

//== LET in mixed case
LeT total = 10 * 2
Info(total) //> 20

//== CONSTANT block
CONSTANT
	VATRate = 20
	MailHost = "smtp.example.org"
END
Info(VATRATE, mailhost)
//> 20
//> smtp.example.org

//== constant on one line
CONSTANT MAX_TRY = 3
Info(MAX_TRY * 2) //> 6

//== a constant as an array dimension
CONSTANT N = 4
t is array [N] of int
Info(t..Count) //> 4

//== LOCAL section
LOCAL
	a is int = 1
	b is string = "x"
Info(a, b)
//> 1
//> x

//== LOCAL on the same line
LOCAL c is int = 3
Info(c) //> 3

//== GLOBAL section seen from a procedure
GLOBAL
	gCounter is int = 10
Bump()
Bump()
Info(gCounter) //> 12
PROCEDURE Bump()
gCounter++

//== fixed-size array: zeros
t is array [3] of int
Info(t..Count, t[1], t[2], t[3])
//> 3
//> 0
//> 0
//> 0

//== fixed-size array written without of
t is array [2] int
Info(t..Count) //> 2

//== fixed-size array: out of range
t is array [3] of int
IF t[1] = 0 THEN t[4] = 1 //!! index 4 is outside the array

//== dynamic array starts empty
t is array of strings
Info(t..Count) //> 0

//== array initialised by a list
t is array of strings = ["Monday", "Tuesday"]
Info(t[1], t[2], t.Count)
//> Monday
//> Tuesday
//> 2

//== arrays declared with are
t1, t2 are arrays of int
Add(t1, 1)
Info(t1..Count, t2..Count)
//> 1
//> 0

//== index 0 is outside the array
t is array of int = [1, 2]
IF t[1] = 1 THEN Info(t[0]) //!! index 0 is outside the array

//== empty array: the first element does not exist
t is array of int
IF True THEN Info(t[1]) //!! outside the array

//== two-dimensional array
t is array [2,3] of int
t[1, 2] = 5
t[2, 3] = 7
Info(t[1, 2] + t[2, 3], t[1, 1])
//> 12
//> 0

//== two-dimensional array: out of range
t is array [2,3] of int
IF True THEN t[3, 1] = 1 //!! outside the array

//== structure: declaration and members
ST_Contact is a Structure
	Name is string
	Age is int
END
c is a ST_Contact
c.Name = "Zoe"
c.Age = 30
Info(c.Name, c.Age + 1)
//> Zoe
//> 31

//== structure: members start at their default
S is Structure
	n is int
	s is string
END
v is S
Info(v.n, "[" + v.s + "]")
//> 0
//> []

//== structure: copy on assignment
S is a structure
	member is int
END
a is S
a.member = 1
b is S
b = a
b.member = 2
Info(a.member, b.member)
//> 1
//> 2

//== structure: unknown member
S is a Structure
	x is int
END
v is S
IF True THEN v.y = 1 //!! is not a property

//== array of structures
S is a Structure
	n is int
END
t is array of S
e is S
e.n = 4
Add(t, e)
e.n = 5
Add(t, e)
Info(t[1].n, t[2].n)
//> 4
//> 5

//== associative array declared with the French words (mixing is allowed)
t is tableau associatif de int
t["a"] = 1
t["b"] = 2
Info(t["a"] + t["b"], t..Count)
//> 3
//> 2

//== associative array (French words): missing key
t is tableau associatif of int
t["a"] = 1
IF True THEN Info(t["z"]) //!! key 'z' is not in the associative array
