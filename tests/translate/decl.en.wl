// Declarations: articles, genders, plurals and elision follow each language's idiom.
n is int
s is string
d is date
h is time
arrN is array of int
arrS is array of strings
arrT is array of ints
arrAssoc is associative array of int
n1, n2 are int
s1, s2 are strings
x is an int
y is a string
ST_Person is a Structure
	sName is string
	nAge is int
END
p is ST_Person
p.sName = "Ann"
LOCAL nLocal is int = 3
IS_OK is boolean = True
Info(Length(s), arrN..Count, p.sName, nLocal, IS_OK, x + n1 + n2)

PROCEDURE Twice(LOCAL a is int, b is a real) : int
RESULT a * 2 + b
