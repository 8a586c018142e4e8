// Syntaxe préfixée et propriétés sur les valeurs (référence §5.1, §8) — script en français.

//== tab.Ajoute(x)
t est un tableau de entiers
t.Ajoute(5)
t.Ajoute(7)
Info(t..Occurrence, t[2])
//> 2
//> 7

//== Ajoute en syntaxe classique et préfixée donnent le même résultat
t est un tableau de chaînes
Ajoute(t, "a")
t.Ajoute("b")
TableauAjoute(t, "c")
Info(t[1] + t[2] + t[3]) //> abc

//== tab..Occurrence et tab.Occurrence
t est un tableau de entiers = [1, 2, 3]
Info(t..Occurrence, t.Occurrence, TableauOccurrence(t))
//> 3
//> 3
//> 3

//== ..Occurrence sans casse
t est un tableau de entiers = [1, 2]
Info(t..occurrence, t.OCCURRENCE)
//> 2
//> 2

//== Occurrence suit les ajouts et suppressions
t est un tableau de entiers = [1, 2, 3]
t.Supprime(1)
Info(t..Occurrence, t[1]) 
//> 2
//> 2
t.SupprimeTout()
Info(t..Occurrence) //> 0

//== ..Vide
t est un tableau de entiers
Info(t..Vide) //> 1
t.Ajoute(1)
Info(t..Vide) //> 0

//== Occurrence d'un tableau associatif
t est un tableau associatif de chaînes
t["a"] = "x"
t["b"] = "y"
Info(t..Occurrence) //> 2

//== Occurrence est en lecture seule
t est un tableau de entiers = [1]
t..Occurrence = 5 //!! ne peut pas être modifiée

//== méthode inconnue
t est un tableau de entiers
t.Envole() //!! inconnu

//== propriété inconnue
t est un tableau de entiers
Info(t..Taillle) //!! n'est pas une propriété

//== date initialisée par une chaîne AAAAMMJJ : Année, Mois, Jour
d est une date = "20240115"
Info(d.Année, d.Mois, d.Jour)
//> 2024
//> 1
//> 15

//== propriétés de date avec .. et sans accents
d est une date = "20231231"
Info(d..Annee, d..mois, d..JOUR)
//> 2023
//> 12
//> 31

//== les propriétés d'une date sont des nombres
d est une date = "20240115"
Info(d.Année + 1, d.Mois * 10)
//> 2025
//> 10

//== date affectée après la déclaration
d est une date
d = "19851026"
Info(d.Année, d.Jour)
//> 1985
//> 26

//== date invalide
d est une date = "20241345" //!! date invalide

//== méthode en chaîne d'appels sur un élément de structure
S est une Structure
	liste est un tableau de chaînes
FIN
v est un S
v.liste.Ajoute("a")
v.liste.Ajoute("b")
Info(v.liste..Occurrence, v.liste[2])
//> 2
//> b
