// Regressions: each case was a bug found by the test corpus (topic in brackets), fixed since.

//== [lexical] a line cut without ... is reported on the line that ends too early
z est un entier = 1 + //!! la ligne se termine par « \+ » .* « \.\.\. »
	2

//== [lexical] EN: a line cut without ... is reported on that line, in English
z is int = 1 + //!! the line ends with '\+'.* '\.\.\.'
	2

//== [lang detection] a short English script gets English messages (Info counts for neither language)
x is int = 1
Info(x)
/* never closed //!! unclosed

//== [decl] un type inconnu est une erreur
v est un machin //!! type « machin » inconnu

//== [decl] affecter une constante est une erreur
CONSTANTE
	LIMITE = 10
FIN
LIMITE = 11 //!! constante

//== [decl] incrémenter une constante est une erreur
CONSTANTE K = 1
K++ //!! constante

//== [decl] tableau à deux dimensions : nombre d'indices
t est un tableau [2,3] d'entiers
Info(t[1]) //!! nombre d'indices

//== [decl-en] associative array
t is associative array of int
t["a"] = 1
t["b"] = 2
Info(t["a"] + t["b"], t..Count)
//> 3
//> 2

//== [decl-en] associative array: assigning a key again
t is associative array of strings
t["x"] = "one"
t["x"] = "two"
Info(t["x"], t..Count)
//> two
//> 1

//== [decl-en] associative array: missing key
t is associative array of int
t["a"] = 1
IF True THEN Info(t["z"]) //!! key 'z' is not in the associative array

//== [decl-en] associative array: keys keep their case
t is associative array of int
t["A"] = 1
IF True THEN Info(t["a"]) //!! is not in the associative array

//== [decl-en] an unknown type is an error
x is int = 1
v is a gizmo //!! unknown type 'gizmo'

//== [decl-en] assigning a constant is an error
CONSTANT
	LIMIT = 10
END
IF True THEN LIMIT = 11 //!! is a constant

//== [decl-en] two-dimensional array: number of indices
t is array [2,3] of int
IF True THEN Info(t[1]) //!! wrong number of indices

//== [control] SELON compact
i est un entier = 2
Info(SELON(i, "a", "b", SINON "?")) //> b

//== [control] SELON compact : valeur hors liste
i est un entier = 5
Info(SELON(i, "a", "b", SINON "?")) //> ?

//== [control] SELON compact : SINON doit être en dernier
i est un entier = 1
Info(SELON(i, SINON "?", "a")) //!! SINON n'est possible qu'en dernier

//== [control] SORTIR en dehors d'une boucle
Info("a")
SORTIR //!! SORTIR en dehors d'une boucle

//== [control] CONTINUER en dehors d'une boucle
n est un entier = 1
SI n = 1 ALORS
	CONTINUER //!! en dehors d'une boucle
FIN

//== [control-en] compact SWITCH
i is int = 2
Info(SWITCH(i, "a", "b", ELSE "?")) //> b

//== [control-en] compact SWITCH: ELSE must come last
i is int = 1
IF True THEN Info(SWITCH(i, ELSE "?", "a")) //!! ELSE is only allowed as the last argument

//== [control-en] BREAK outside a loop
x is int = 1
IF x = 1 THEN Info("a")
BREAK //!! BREAK outside a loop

//== [control-en] CONTINUE outside a loop
n is int = 1
IF n = 1 THEN
	CONTINUE //!! outside a loop
END

//== [proc] nombre variable de paramètres : MesParamètres
Info(Total(1, 2, 3)) //> 6
Info(Total()) //> 0
PROCÉDURE Total(*)
s est un entier
POUR i = 1 À MesParamètres..Occurrence
	s += MesParamètres[i]
FIN
RENVOYER s

//== [proc] MesParamètres sans accents
Info(Compte("a", "b")) //> 2
PROCÉDURE Compte(*)
RENVOYER mesparametres..Occurrence

//== [proc] MesParamètres : indice hors limites
Info(Premier())
PROCÉDURE Premier(*)
RENVOYER MesParamètres[1] //!! en dehors

//== [proc] (*) dans une procédure qui remplace une fonction prédéfinie
Trace("a", "b")
//! [a]
//! [b]
PROCÉDURE Trace(*)
POUR i = 1 À MesParamètres..Occurrence
	WL.Trace("[" + MesParamètres[i] + "]")
FIN

//== [lang detection] missing required parameter
Info(AddTo(1)) //!! parameter 'b' of AddTo is required
PROCEDURE AddTo(a, b)
RESULT a + b

//== [lang detection] too many arguments
Info(AddTo(1, 2, 3)) //!! receives 3 arguments but declares only 2
PROCEDURE AddTo(a, b)
RESULT a + b

//== [lang detection] infinite recursion
Info(Forever(1))
PROCEDURE Forever(n)
RESULT Forever(n + 1) //!! too many nested calls

//== [proc-en] variable number of parameters: MyParameters
Info(Total(1, 2, 3)) //> 6
Info(Total()) //> 0
PROCEDURE Total(*)
s is int
FOR i = 1 TO MyParameters..Count
	s += MyParameters[i]
END
RESULT s

//== [proc-en] (*) in a procedure shadowing a built-in
Trace("a", "b")
//! [a]
//! [b]
PROCEDURE Trace(*)
FOR i = 1 TO MyParameters..Count
	WL.Trace("[" + MyParameters[i] + "]")
END

//== [lang detection] general WHEN EXCEPTION in a procedure: the caller continues
P()
Info("after P")
//> in P
//> caught: division by zero
//> after P
PROCEDURE P()
WHEN EXCEPTION
	Info("caught: " + ExceptionInfo())
END
Info("in P")
n is int = 0
Info(1 / n)
Info("never")

//== [lang detection] uncaught fatal error: exit code 70
x is int = 0
Info("a")
IF True THEN Info(5 / x) //!! division by zero
Info("b")
//> a
//exit 70

//== [errors] unknown function: a near miss gets a suggestion
Infoo("a") //!! « Infoo » est inconnu.*vouliez-vous dire « Info »

//== [errors-en] unknown function: a near miss gets a suggestion
x is int = 1
IF x = 1 THEN Infoo("a") //!! 'Infoo' is unknown.*did you mean 'Info'

//== [conv] entier (4 octets) : dépassement de capacité à l'affectation
n est un entier = 2147483647
n++ //!! dépassement de capacité

//== [conv] numérique : 6 décimales comme monétaire (et jamais plus de 15 chiffres significatifs)
n est un numérique = 2 / 3
Info(n) //> 0.666667
