// Accent-free and mixed French/English words: `translate` writes each in its canonical
// spelling (issue 14: `A` -> `À`, `Expediteur` -> `Expéditeur` once, then stable).
CONSTANT
	LIMITE = 3	// si, alors, fin: a comment is never touched
END
nTotal is int = 0
sNom is string = "Expediteur A TANT QUE"
bOK is a boolean
tabPrix is array of int = [10, 20, 30]
tabMots are arrays of strings
FOR i = 1 TO LIMITE STEP 1
	IF i = 2 THEN CONTINUE
	nTotal += tabPrix[i]
END
FOR EACH nPrix OF tabPrix
	IF nPrix > 15 AND NOT bOK THEN nTotal ++
END
WHILE nTotal > 100
	nTotal = nTotal - 10
END
MonMessage is Email
MonMessage.Sender = "moi@exemple.fr"
MonMessage.Subject = "Rapport " + sNom
Add(MonMessage.Recipient, "toi@exemple.fr")
Info(nTotal, StringBuild("%1 envoi(s)", MonMessage.Recipient..Count))
Info(Length(sNom), Length(MonMessage.Subject), True AND False)
