// String functions (stdlib/functions-strings.toml) — English script.

//== Length counts characters
Info(Length("Hello"), Length("")) //> 5
//> 0

//== Left, Right, Middle
Info(Left("Hello", 2), Right("Hello", 3), Middle("Hello", 2, 3))
//> He
//> llo
//> ell

//== Left longer than the string: the whole string
Info(Left("Hi", 10)) //> Hi

//== Right with a negative count: error
x is string = Right("abc", -3) //!! cannot be negative

//== Middle past the end: empty string
Info("[" + Middle("abc", 5) + "]") //> []

//== Middle from position 0: error
x is string = Middle("abc", 0, 1) //!! start position must be at least 1

//== Upper and Lower
Info(Upper("straße é"), Lower("ÀB"))
//> STRASSE É
//> àb

//== Replace every occurrence
Info(Replace("a.b.c", ".", "/")) //> a/b/c

//== Replace with IgnoreCase
Info(Replace("Cat cat CAT", "cat", "dog", IgnoreCase)) //> dog dog dog

//== Replace with WholeWord
Info(Replace("in inside in", "in", "out", WholeWord)) //> out inside out

//== Replace with IgnoreCase + WholeWord
Info(Replace("In inside IN", "in", "x", IgnoreCase + WholeWord)) //> x inside x

//== Position not found is 0
Info(Position("Hello", "z")) //> 0

//== Position with a start position and FromEnd
Info(Position("one two one", "one", 2), Position("one two one", "one", 11, FromEnd))
//> 9
//> 9

//== Position FromEnd before the start position
Info(Position("one two one", "one", 8, FromEnd)) //> 1

//== Position with IgnoreCase
Info(Position("Hello", "LL", 1, IgnoreCase)) //> 3

//== Position with WholeWord
Info(Position("cart car", "car", 1, WholeWord)) //> 6

//== Position as a method
s is string = "abcabc"
Info(s.Position("c"), s.Position("c", 4))
//> 3
//> 6

//== PositionOccurrence
Info(PositionOccurrence("x-y-z", "-", 2), PositionOccurrence("x-y-z", "-", 3))
//> 4
//> 0

//== StringCount
Info(StringCount("banana", "an"), StringCount("banana", "AN"), StringCount("banana", "AN", IgnoreCase))
//> 2
//> 0
//> 2

//== ExtractString by rank
Info(ExtractString("red;green;blue", 2, ";")) //> green

//== ExtractString past the last piece is EOT
Info(ExtractString("red;green", 3, ";") = EOT) //> 1

//== ExtractString FromEnd
Info(ExtractString("a.b.c", 2, ".", FromEnd)) //> b

//== ExtractString walk with firstRank and nextRank
s is string = "1,2,3"
p is string = ExtractString(s, firstRank, ",")
WHILE p <> EOT
	Info(p)
	p = ExtractString(s, nextRank, ",")
END
//> 1
//> 2
//> 3

//== ExtractString walk backwards with lastRank and previousRank
s is string = "1,2,3"
Info(ExtractString(s, lastRank, ","), ExtractString(s, previousRank, ","), ExtractString(s, previousRank, ","))
//> 3
//> 2
//> 1

//== ExtractString with a negative rank: error
x is string = ExtractString("a", -5, ",") //!! invalid rank

//== ExtractString as a method
s is string = "k=v"
Info(s.ExtractString(2, "=")) //> v

//== NoSpace
Info("[" + NoSpace("  x  ") + "]", "[" + NoSpace("  x  ", sscStart) + "]", "[" + NoSpace("  x  ", sscEnd) + "]")
//> [x]
//> [x  ]
//> [  x]

//== NoSpace sscInside keeps one space
Info("[" + NoSpace(" a  b   c ", sscOutside + sscInside) + "]") //> [a b c]

//== Complete and Repeat
Info(Complete("7", 3, "0"), Repeat("=", 4))
//> 700
//> ====

//== StringBuild
Info(StringBuild("%1 + %1 = %2", 2, 4)) //> 2 + 2 = 4

//== StringBuild with a missing argument
Info("[" + StringBuild("%1%2", "a") + "]") //> [a]

//== StringFormat
Info(StringFormat("Crème Brûlée", ccIgnoreAccent + ccUpCase), StringFormat(" a b ", ccIgnoreSpace + ccIgnoreInsideSpace))
//> CREME BRULEE
//> ab

//== StringFormat ccLowCase and ccIgnorePunctuationAndSpace
Info(StringFormat("Hello, World!", ccLowCase + ccIgnorePunctuationAndSpace)) //> helloworld

//== Format as a method
s is string = "Über"
Info(s.Format(ccIgnoreAccent + ccLowCase)) //> uber

//== StringStartsWith and StringEndsWith
Info(StringStartsWith("mail.txt", "mail"), StringEndsWith("mail.txt", ".TXT"), StringEndsWith("mail.txt", ".TXT", ccIgnoreCase))
//> 1
//> 0
//> 1

//== Charact and Asc
Info(Charact(97), Asc("a"), Asc(Charact(8364)))
//> a
//> 97
//> 8364

//== Charact of a code outside Unicode: error
x is string = Charact(1114112) //!! invalid character code

//== StringToUTF8 and UTF8ToString
Info(Length(StringToUTF8("€")), UTF8ToString(StringToUTF8("€uro")))
//> 3
//> €uro

//== Crypt is not available
x is string = Crypt("a", "b") //!! not available

//== English and French names mixed
Info(Length(Gauche("abcdef", 4)), Taille(Left("abcdef", 2)))
//> 4
//> 2
