// Mots-clés, styles de casse, commentaires et chaînes : rien d'autre ne bouge.
CONSTANT
	TAUX = 20	// un commentaire avec SI et FIN
END
nTotal is int = 0
sNom is string = "SI ALORS FIN [% Taille(nTotal) %]"
tabPrix is array of ints = [10, 20, 30]
tabMots is array of strings
dJour is date
a, b are reals
bOK is a boolean

FOR EACH nPrix, i OF tabPrix
	IF nPrix > 15 AND NOT bOK THEN
		nTotal += nPrix * TAUX / 100
	ELSE IF nPrix = 10 THEN
		CONTINUE
	END
END
For i = 1 TO 3 step 1
	if i = 2 then break
end
SWITCH nTotal
	CASE 0 : Info("rien")
	CASE 1 TO 10 : Info("peu")
	OTHER   CASE
		Info(StringBuild("%1 en tout", ...
			nTotal))
END
WHILE nTotal > 0
	nTotal--
END
LOOP
	nTotal++
DO WHILE nTotal < 3
Info(Upper(sNom[[1 TO 2]]), Taille(sNom), True, False, Null)
Info(SWITCH(2, "un", "deux", ELSE "autre"))
WHEN EXCEPTION IN
	ExceptionThrow(1, "boum")
DO
	Info(ExceptionInfo(errMessage))
END
Trace(tabPrix.Count, tabPrix..Count, dJour..Year > 2000)
Add(tabMots, "x")
tabMots.Add("y")
Length is int = Taille(sNom)	// une variable nommée comme une fonction anglaise
Info(Length, StringCount("a,b", ","))
Somme(1, 2)
Info(Carré(3))
Info(WL.Length("abc"))

PROCEDURE Somme(LOCAL x is int, y is int = 2) : int
	RESULT x + y

PROCEDURE Carré(*)
	RESULT MyParameters[1] * MyParameters[1]
