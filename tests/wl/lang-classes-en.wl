// Classes (issue 13, item 2; https://doc.windev.com/?6010006, ?6010002, ?6010003) — English script.

//== members, constructor with parameters, PROCEDURE C.M() method
p is CPoint(2, 3)
Info(p.Text()) //> (2, 3)
CPoint is a Class
	x is int
	y is int
END
PROCEDURE CPoint.Constructor(a, b)
:x = a
:y = b
PROCEDURE CPoint.Text()
RESULT "(" + :x + ", " + :y + ")"

//== a member needs no ":" inside a method; a local variable hides it
c is CCounter
c.Add(5)
c.Add(2)
Info(c.total, c.Last()) //> 7
//> 2
CCounter is a Class
	total is int
	last is int
END
PROCEDURE CCounter.Add(n)
total += n
last is int = n
:last = last
PROCEDURE CCounter.Last()
RESULT last

//== initial values of members, and the object keyword
o is object CBox
Info(o.name, o.Me().name) //> box
//> box
CBox is a Class
	name is string = "box"
END
PROCEDURE CBox.Me()
RESULT object

//== inheritance, virtual methods and Ancestor
t is array of CShape dynamic
Add(t, new CSquare(2))
Add(t, new CShape("dot"))
FOR EACH s OF t
	Info(s.Describe())
END
//> square: 4
//> dot: 0
CShape is a Class
PROTECTED
	name is string
END
CSquare is a Class
	inherits from CShape
	side is int
END
PROCEDURE CShape.Constructor(sName)
name = sName
PROCEDURE CShape.Area()
RESULT 0
PROCEDURE CShape.Describe()
RESULT name + ": " + Area()
PROCEDURE CSquare.Constructor(n)
Constructor CShape("square")
side = n
PROCEDURE CSquare.Area()
RESULT side * side + Ancestor.Area()

//== the ancestor's constructor without parameters runs first; then the destructors
e is CChild dynamic = new CChild
Trace("alive")
delete e
Info(e = Null) //> 1
//! parent built
//! child built
//! alive
//! child gone
//! parent gone
CParent is a Class
END
CChild is a Class
	inherits from CParent
END
PROCEDURE CParent.Constructor()
Trace("parent built")
PROCEDURE CParent.Destructor()
Trace("parent gone")
PROCEDURE CChild.Constructor()
Trace("child built")
PROCEDURE CChild.Destructor()
Trace("child gone")

//== = copies an object, <- shares the same object
a is CValue
b is CValue
a.v = 1
b = a
b.v = 2
Info(a.v) //> 1
d is CValue dynamic
d <- a
d.v = 3
Info(a.v) //> 3
CValue is a Class
	v is int
END

//== GLOBAL member and class constant: C::x and ::x
c1 is CCounted
c2 is CCounted
Info(CCounted::nb, c2.Rank(), CCounted::PREFIX) //> 2
//> #2
//> #
CCounted is a Class
	GLOBAL
		nb is int
	PUBLIC
		rank is int
	CONSTANT PREFIX = "#"
END
PROCEDURE CCounted.Constructor()
::nb++
rank = ::nb
PROCEDURE CCounted.Rank()
RESULT PREFIX + rank

//== MySelf passed to a procedure; a method calls another one without ":"
n is CNode("root")
Info(n.Path()) //> /root
CNode is a Class
	name is string
END
PROCEDURE CNode.Constructor(s)
name = s
PROCEDURE CNode.Path()
RESULT Prefix(MySelf) + name
PROCEDURE Prefix(x)
RESULT "/" + Left(x.name, 0)

//== methods may follow their class without its name (a class file)
k is COnly(4)
Info(k.n) //> 4
COnly is a Class
	n is int
END
PROCEDURE Constructor(x)
:n = x

//== a private member is refused outside its class, when compiling
s is CSecret
Info(s.code) //!! private member of class CSecret
CSecret is a Class
PRIVATE
	code is string
END

//== a Null dynamic object: fatal error when it runs
q is CValue dynamic
Info(q.v) //!! Null
CValue is a Class
	v is int
END

//== unknown ancestor class
CA is a Class
	inherits from CUnknown //!! unknown class 'CUnknown'
END

//== unknown method of a known class
v is CValue
v.Nothing() //!! neither a member nor a method of class CValue
CValue is a Class
	v is int
END

//== :member outside a method
x is int
:x = 1 //!! only makes sense in a method of a class

//== interface, abstract class, inherits from on the class line
f is IReader dynamic = new CFile
Info(f.Read()) //> data
IReader is an Interface
	PROCEDURE Read() : string
END
CBase is a Class, abstract inherits from IReader
END
CFile is a Class
	inherits from CBase
END
PROCEDURE CFile.Read() : string
RESULT "data"

//== reference assignment in a declaration, structure declared inside the class
a is CBag
b is CBag dynamic <- a
b.content.n = 5
Info(a.content.n) //> 5
CBag is a Class
	STContent is a Structure
		n is int
	END
	content is CBag.STContent
END

//== class file: every procedure that follows is a method
CTimer is a Class
	nLength is int
END
PROCEDURE Constructor(n)
nLength = n
PROCEDURE Twice()
RESULT nLength * 2
PROCEDURE Text()
RESULT "length " + Twice()

//== enumerations: members, ..Value, ..Name, typed variable
lvlPriority is EPriority
Info(lvlPriority..Name, lvlPriority..Value, EPriority.High) //> Low
//> 1
//> 3
lvlPriority = EPriority.High
IF lvlPriority = EPriority.High THEN Info("high") //> high
EPriority is an Enumeration
	Low = 1
	High = 3
	None
END

//== a method read without parentheses is called (a property)
r is CRect
Info(r.Area, r.Twice()) //> 6
//> 12
CRect is a Class
	w is int = 2
	h is int = 3
END
PROCEDURE CRect.Area()
RESULT w * h
PROCEDURE CRect.Twice()
RESULT Area * 2

//== copying an object copies its object members too (not the dynamic ones)
a is CPair
b is CPair
a.p.v = 1
a.d = new CValue
a.d.v = 1
b = a
b.p.v = 2
b.d.v = 2
Info(a.p.v, a.d.v) //> 1
//> 2
CValue is a Class
	v is int
END
CPair is a Class
	p is CValue
	d is CValue dynamic
END

//== unknown :member of a known class: an error at its line
CA is a Class
	x is int
END
a is CA
Info(a.M())
PROCEDURE CA.M()
RESULT :z //!! 'z' is neither a member nor a method of class CA

//== ":" between an object and its member (older syntax): o:m, Ancestor:M()
c is CB
Info(c:Name(), c:x) //> BA4
//> 4
CA is a Class
	x is int = 4
END
CB is a Class
	inherits from CA
END
PROCEDURE CA.Name()
RESULT "A"
PROCEDURE CB.Name()
RESULT "B" + Ancestor:Name() + object:x

//== an interface cannot be allocated
i is IReader dynamic = new IReader //!! IReader is an interface
IReader is an Interface
	PROCEDURE Read()
END
