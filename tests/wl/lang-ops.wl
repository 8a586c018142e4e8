// Opérateurs (référence §5) — script en français.

//== priorité de * sur +
Info(3 + 4 * 2, (3 + 4) * 2) 
//> 11
//> 14

//== soustraction de gauche à droite
Info(10 - 2 - 3) //> 5

//== modulo
Info(7 modulo 3) //> 1

//== modulo : signe du dividende
Info(-7 modulo 3) //> -1
Info(7 modulo -3) //> 1

//== modulo d'un réel
Info(7.5 modulo 2) //> 1.5

//== modulo a la priorité de *
Info(2 * 3 modulo 4) //> 2
Info(1 + 7 MODULO 4) //> 4

//== puissance ^
Info(2 ^ 10) //> 1024
Info(9 ^ 0.5) //> 3
Info(2 ^ -1) //> 0.5

//== puissance avant la multiplication
Info(2 * 3 ^ 2) //> 18

//== puissance d'un nombre négatif à un exposant fractionnaire
Info((-8) ^ 0.5) //!! puissance impossible

//== += et -= sur un entier
n est un entier = 5
n += 3
Info(n) //> 8
n -= 10
Info(n) //> -2

//== += sur une chaîne
s est une chaîne = "ab"
s += "cd"
s += 1
Info(s) //> abcd1

//== ++ et --
n est un entier = 1
n++
n++
Info(n) //> 3
n--
Info(n) //> 2

//== ++ sur un élément de tableau et un champ
t est un tableau de entiers = [10, 20]
t[2]++
t[1] += 5
Info(t[1], t[2])
//> 15
//> 21

//== ++ sur une expression qui n'est pas une variable
n est un entier = 1
(n + 1)++ //!! affecter

//== concaténation optionnelle : ajoute le séparateur manquant
rep est une chaîne = "C:\Temp"
Info(rep + ["\"] + "log.txt") //> C:\Temp\log.txt

//== concaténation optionnelle : séparateur déjà présent
rep est une chaîne = "C:\Temp\"
Info(rep + ["\"] + "log.txt") //> C:\Temp\log.txt

//== concaténation optionnelle : chaîne vide
s est une chaîne = ""
Info(s + [","] + "a") //> a

//== += [sep] pour construire une liste
liste est une chaîne
POUR TOUT x DE ["a", "b", "c"]
	liste += [","]
	liste += x
FIN
Info(liste) //> a,b,c

//== += [sep] ne double pas le séparateur
s est une chaîne = "a,"
s += [","]
Info(s) //> a,
s += ["\"]
Info(s) //> a,\

//== extraction [[n]]
s est une chaîne = "San Francisco"
Info(s[[5]]) //> F

//== extraction [[a À b]]
s est une chaîne = "San Francisco"
Info(s[[5 À 10]]) //> Franci
Info(s[[2 A 3]]) //> an

//== extraction [[a À]] jusqu'à la fin
s est une chaîne = "San Francisco"
Info(s[[5 À]]) //> Francisco

//== extraction [[À b]] depuis le début
s est une chaîne = "San Francisco"
Info(s[[À 3]]) //> San

//== extraction [[a SUR n]]
s est une chaîne = "San Francisco"
Info(s[[10 SUR 4]]) //> isco
Info(s[[2 sur 2]]) //> an

//== extraction avec des crochets simples
s est une chaîne = "San Francisco"
Info(s[2]) //> a
Info(s[5 À 10]) //> Franci

//== extraction qui dépasse la fin
s est une chaîne = "abc"
Info(s[[2 À 10]]) //> bc

//== extraction dans une expression
s est une chaîne = "abcdef"
Info(s[[1]] + s[[6]]) //> af

//== = sur les chaînes respecte la casse
Info("abc" = "abc", "abc" = "ABC", "e" = "é")
//> 1
//> 0
//> 0

//== <> et ordre des chaînes
Info("a" <> "b", "a" < "b", "b" <= "a")
//> 1
//> 1
//> 0

//== comparaisons de nombres
Info(2 <= 2, 3 > 2, 2 >= 3, 1 <> 1)
//> 1
//> 1
//> 0
//> 0

//== ~= ignore casse, accents et espaces autour
Info("abc" ~= "  ABC ") //> 1
Info("DEVELOPPEMENT" ~= "Développement") //> 1
Info("abc" ~= "abd") //> 0

//== ~= ne supprime pas les espaces intérieurs
Info("a b" ~= "ab") //> 0

//== ~~ ignore aussi les espaces et la ponctuation
Info("a b-c" ~~ "ABC") //> 1
Info("abc" ~~ "abd") //> 0

//== [= commence par
Info("Bonjour" [= "Bon") //> 1
Info("Bonjour" [= "bon") //> 0

//== [=] contient
Info("Bonjour" [=] "jou") //> 1
Info("Bonjour" [=] "x") //> 0

//== =] finit par
Info("Bonjour" =] "jour") //> 1
Info("Bonjour" =] "Bon") //> 0

//== intervalle 1 < x < 5
x est un entier = 3
Info(1 < x < 5) //> 1
x = 5
Info(1 < x < 5) //> 0
Info(1 <= x <= 5) //> 1

//== intervalle x = 1 À 5
x est un entier = 3
Info(x = 1 À 5) //> 1
x = 6
Info(x = 1 À 5) //> 0

//== DANS une liste
x est un entier = 2
Info(x DANS (1, 2, 3)) //> 1
Info(x DANS (4, 5)) //> 0
Info("b" dans ("a", "b")) //> 1

//== PAS DANS
x est un entier = 2
Info(x PAS DANS (4, 5)) //> 1
Info(x PAS DANS (1, 2)) //> 0

//== PAS devant DANS porte sur tout le test
x est un entier = 2
SI PAS x DANS (1, 2) ALORS Info("absent") SINON Info("présent") //> présent

//== ET, OU, PAS
Info(Vrai ET Faux, Vrai OU Faux, PAS Vrai, PAS Faux)
//> 0
//> 1
//> 0
//> 1

//== ET évalue ses deux côtés
SI Faux ET Témoin() ALORS Info("non")
Info("fin")
//! témoin
//> fin
PROCÉDURE Témoin()
Trace("témoin")
RENVOYER Vrai

//== OU évalue ses deux côtés
SI Vrai OU Témoin() ALORS Info("oui")
//! témoin
//> oui
PROCÉDURE Témoin()
Trace("témoin")
RENVOYER Faux

//== _ET_ n'évalue pas la droite quand la gauche est fausse
SI Faux _ET_ Témoin() ALORS Info("non")
SI Vrai _ET_ Témoin() ALORS Info("oui")
//! témoin
//> oui
PROCÉDURE Témoin()
Trace("témoin")
RENVOYER Vrai

//== _OU_ n'évalue pas la droite quand la gauche est vraie
SI Vrai _OU_ Témoin() ALORS Info("oui")
SI Faux _OU_ Témoin() ALORS Info("non")
//> oui
//! témoin
PROCÉDURE Témoin()
Trace("témoin")
RENVOYER Faux

//== _ET_ évite une division par zéro
n est un entier = 0
SI n <> 0 _ET_ 10 / n > 1 ALORS Info("grand") SINON Info("ok") //> ok

//== ET ne court-circuite pas : la division par zéro a lieu
n est un entier = 0
SI n <> 0 ET 10 / n > 1 ALORS Info("grand") //!! division par zéro

//== _DANS_ s'arrête au premier élément égal
x est un entier = 1
Info(x _DANS_ (1, Témoin())) //> 1
PROCÉDURE Témoin()
Trace("témoin")
RENVOYER 2

//== ET et OU ont la même priorité, de gauche à droite
Info(Vrai OU Vrai ET Faux) //> 0
Info(Vrai OU Faux ET Faux) //> 0
Info(Faux ET Faux OU Vrai) //> 1

//== des parenthèses changent l'ordre
Info(Vrai OU (Vrai ET Faux)) //> 1

//== opérateur ternaire
n est un entier = 5
Info(n > 0 ? "positif" SINON "négatif") //> positif
n = -1
Info(n > 0 ? "positif" SINON "négatif") //> négatif

//== ternaires imbriqués
n est un entier = 0
s est une chaîne = n > 0 ? "p" SINON n < 0 ? "n" SINON "z"
Info(s) //> z

//== ternaire : seule la branche choisie est évaluée
n est un entier = 0
Info(n = 0 ? 0 SINON 10 / n) //> 0

//== une chaîne comme condition est une erreur fatale
s est une chaîne = "oui"
SI s ALORS Info("x") //!! une chaîne \(« oui »\) ne peut pas être utilisée comme condition

//== une chaîne dans ET est une erreur fatale
s est une chaîne = "abc"
Info(Vrai ET s) //!! ne peut pas être utilisée comme condition

//== une chaîne comme condition de TANTQUE
s est une chaîne = "x"
TANTQUE s //!! condition
	s = ""
FIN
