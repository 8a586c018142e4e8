// Prefixed syntax and properties on values (reference §5.1, §8) — English script.

//== arr.Add(x)
t is array of int
t.Add(5)
t.Add(7)
Info(t..Count, t[2])
//> 2
//> 7

//== Add in classic and prefixed syntax give the same result
t is array of strings
Add(t, "a")
t.Add("b")
ArrayAdd(t, "c")
Info(t[1] + t[2] + t[3]) //> abc

//== arr..Count, arr.Count and arr..Occurrence
t is array of int = [1, 2, 3]
Info(t..Count, t.Count, t..Occurrence, ArrayCount(t))
//> 3
//> 3
//> 3
//> 3

//== ..Count ignores case
t is array of int = [1, 2]
Info(t..count, t.COUNT)
//> 2
//> 2

//== Count follows additions and deletions
t is array of int = [1, 2, 3]
t.Delete(1)
Info(t..Count, t[1])
//> 2
//> 2
t.DeleteAll()
Info(t..Count) //> 0

//== ..Empty
t is array of int
Info(t..Empty) //> 1
t.Add(1)
Info(t..Empty) //> 0

//== Count of an associative array
t is tableau associatif of strings
t["a"] = "x"
t["b"] = "y"
Info(t..Count) //> 2

//== Count is read-only
t is array of int = [1]
IF True THEN t..Count = 5 //!! cannot be changed

//== unknown method
t is array of int
IF True THEN t.FlyAway() //!! unknown

//== unknown property
t is array of int
IF True THEN Info(t..Sizee) //!! is not a property

//== date initialised with a YYYYMMDD string: Year, Month, Day
d is date = "20240115"
Info(d.Year, d.Month, d.Day)
//> 2024
//> 1
//> 15

//== date properties with .. and in lower case
d is date = "20231231"
Info(d..year, d..MONTH, d..Day)
//> 2023
//> 12
//> 31

//== date properties are numbers
d is date = "20240115"
Info(d.Year + 1, d.Month * 10)
//> 2025
//> 10

//== date assigned after its declaration
d is date
d = "19851026"
Info(d.Year, d.Day)
//> 1985
//> 26

//== invalid date
d is date = "20241345" //!! invalid date

//== method call chained on a structure member
S is a Structure
	list is array of strings
END
v is S
v.list.Add("a")
v.list.Add("b")
Info(v.list..Count, v.list[2])
//> 2
//> b
