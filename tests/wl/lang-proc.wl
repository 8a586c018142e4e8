// Procédures (référence §6.6 à §6.8, décision 5) — script en français.

//== procédure déclarée après le code principal
Info(Carré(3)) //> 9
PROCÉDURE Carré(x)
RENVOYER x * x

//== plusieurs procédures qui s'appellent
Info(Somme3(1, 2, 3)) //> 6
PROCÉDURE Somme3(a, b, c)
RENVOYER Somme2(Somme2(a, b), c)
PROCÉDURE Somme2(a, b)
RENVOYER a + b

//== FONCTION est un synonyme de PROCÉDURE
Info(Double(21)) //> 42
FONCTION Double(n)
RENVOYER n * 2

//== paramètre sans type : il prend le type de l'argument
Info(PlusUn(1), PlusUn("a"))
//> 2
//> a1
PROCÉDURE PlusUn(x)
RENVOYER x + 1

//== paramètre typé
Info(Moitié(7)) //> 3.5
PROCÉDURE Moitié(n est un entier)
RENVOYER n / 2

//== paramètre typé : syntaxe légère
Info(Triple(5)) //> 15
PROCÉDURE Triple(n entier)
RENVOYER n * 3

//== paramètre typé entier : l'argument réel est converti
Info(Identité(3.7)) //> 3
PROCÉDURE Identité(LOCAL n est un entier)
RENVOYER n

//== paramètre avec valeur par défaut
Info(Ajout(1), Ajout(1, 2))
//> 11
//> 3
PROCÉDURE Ajout(a, b = 10)
RENVOYER a + b

//== paramètre typé avec valeur par défaut
Info(Salut(), Salut("Léa"))
//> Bonjour toi
//> Bonjour Léa
PROCÉDURE Salut(qui est une chaîne = "toi")
RENVOYER "Bonjour " + qui

//== * garde la valeur par défaut
Info(Décrit(*, 5)) //> 1-5
Info(Décrit(7, *)) //> 7-2
PROCÉDURE Décrit(a = 1, b = 2)
RENVOYER "" + a + "-" + b

//== paramètre obligatoire manquant
Info(Ajout(1)) //!! le paramètre « b » de Ajout est obligatoire
PROCÉDURE Ajout(a, b)
RENVOYER a + b

//== trop de paramètres
Info(Ajout(1, 2, 3)) //!! reçoit 3 paramètres mais n'en déclare que 2
PROCÉDURE Ajout(a, b)
RENVOYER a + b

//== paramètre LOCAL : une copie, l'appelant ne change pas
n est un entier = 1
Change(n)
Info(n) //> 1
PROCÉDURE Change(LOCAL x)
x = 99

//== paramètre par référence : la variable de l'appelant change
n est un entier = 1
Change(n)
Info(n) //> 99
PROCÉDURE Change(x)
x = 99

//== paramètre typé par référence
s est une chaîne = "a"
Complète(s)
Info(s) //> a!
PROCÉDURE Complète(t est une chaîne)
t += "!"

//== une expression passée en paramètre est une copie
n est un entier = 1
Change(n + 0)
Info(n) //> 1
PROCÉDURE Change(x)
x = 99

//== un tableau est passé par référence
t est un tableau de entiers = [1]
Remplit(t)
Info(t..Occurrence, t[2]) 
//> 2
//> 42
PROCÉDURE Remplit(tab)
Ajoute(tab, 42)

//== un élément de tableau modifié dans une procédure
t est un tableau de entiers = [1, 2]
Vide(t)
Info(t[1]) //> 0
PROCÉDURE Vide(tab)
tab[1] = 0

//== type de retour : conversion en entier
Info(Rend()) //> 3
PROCÉDURE Rend() : entier
RENVOYER 3.7

//== type de retour : conversion en chaîne
Info(Rend() + 1) //> 121
PROCÉDURE Rend() : chaîne
RENVOYER 12

//== RENVOYER quitte la procédure
Info(Signe(-3), Signe(4))
//> -1
//> 1
PROCÉDURE Signe(n)
SI n < 0 ALORS RENVOYER -1
RENVOYER 1

//== RENVOYER dans une boucle
Info(Premier([3, 8, 9])) //> 8
PROCÉDURE Premier(t)
POUR TOUT x DE t
	SI x modulo 2 = 0 ALORS RENVOYER x
FIN
RENVOYER 0

//== RETOUR quitte une procédure sans valeur
Dit(Faux)
Dit(Vrai)
//> début
//> début
//> fin
PROCÉDURE Dit(b)
Info("début")
SI PAS b ALORS RETOUR
Info("fin")

//== RETOUR avec une valeur est accepté comme RENVOYER
Info(Deux()) //> 2
PROCÉDURE Deux()
RETOUR 2

//== plusieurs valeurs renvoyées
a, b sont des entiers
(a, b) = MinMax([4, 1, 9])
Info(a, b)
//> 1
//> 9
PROCÉDURE MinMax(t)
mini est un entier = t[1]
maxi est un entier = t[1]
POUR TOUT x DE t
	SI x < mini ALORS mini = x
	SI x > maxi ALORS maxi = x
FIN
RENVOYER (mini, maxi)

//== plusieurs valeurs renvoyées avec soit
soit (q, r) = DivEnt(17, 5)
Info(q, r)
//> 3
//> 2
PROCÉDURE DivEnt(a, b)
RENVOYER (PartieEntière(a / b), a modulo b)

//== plusieurs valeurs : types de retour déclarés
soit (n, s) = Paire()
Info(n + 1, s + 1)
//> 2
//> x1
PROCÉDURE Paire() : (entier, chaîne)
RENVOYER (1, "x")

//== récursivité
Info(Fact(10)) //> 3628800
PROCÉDURE Fact(n)
SI n <= 1 ALORS RENVOYER 1
RENVOYER n * Fact(n - 1)

//== récursivité double
Info(Fib(15)) //> 610
PROCÉDURE Fib(n)
SI n < 2 ALORS RENVOYER n
RENVOYER Fib(n - 1) + Fib(n - 2)

//== récursivité infinie
Info(SansFin(1))
PROCÉDURE SansFin(n)
RENVOYER SansFin(n + 1) //!! trop d'appels imbriqués

//== PROCÉDURE INTERNE qui lit les variables de la procédure englobante
Info(Préfixe(["a", "b"])) //> >a>b
PROCÉDURE Préfixe(t)
sMarque est une chaîne = ">"
sRés est une chaîne
POUR TOUT x DE t
	sRés += Marque(x)
FIN
RENVOYER sRés
	PROCÉDURE INTERNE Marque(s)
		RENVOYER sMarque + s
	FIN

//== PROCÉDURE INTERNE dans le code principal
base est un entier = 100
Info(Ajoute100(5)) //> 105
PROCÉDURE INTERNE Ajoute100(n)
	RENVOYER base + n
FIN

//== PROCÉDURE INTERNE invisible hors de sa procédure
Externe()
Interne() //!! inconnu
PROCÉDURE Externe()
PROCÉDURE INTERNE Interne()
	Info("x")
FIN

//== procédure sans parenthèses appelée comme une instruction
Bonjour
Bonjour()
//> bonjour
//> bonjour
PROCÉDURE Bonjour
Info("bonjour")

//== le résultat d'un appel en instruction est ignoré
Deux()
Info("fin") //> fin
PROCÉDURE Deux()
RENVOYER 2

//== une procédure remplace une fonction prédéfinie ; WL.Trace atteint l'originale
Trace("a")
Trace("b")
//! [a]
//! [b]
PROCÉDURE Trace(x)
WL.Trace("[" + x + "]")

//== WL.Info atteint la fonction prédéfinie remplacée
Info("x")
//> <x>
PROCÉDURE Info(x)
WL.Info("<" + x + ">")

//== WL. sans procédure qui remplace
WL.Info("direct") //> direct

//== RETOUR dans le code principal termine le script
Info("avant")
RETOUR
Info("après")
//> avant

//== RETOUR dans un bloc du code principal
POUR i = 1 À 5
	SI i = 2 ALORS RETOUR
	Info(i)
FIN
Info("jamais")
//> 1
//exit 0

//== mots-clés de procédure sans casse ni accents
Info(Cube(2)) //> 8
procedure Cube(LOCAL n est un entier) : ENTIER
renvoyer n * n * n

//== noms de procédure sans casse ni accents
Info(ÉLÈVE(2)) //> 4
PROCÉDURE Eleve(n)
RENVOYER n ^ 2

//== une structure est passée par référence
S est une Structure
	n est un entier
FIN
v est un S
Remplis(v)
Info(v.n) //> 7
PROCÉDURE Remplis(x)
x.n = 7

//== PROCÉDURE INTERNE qui modifie une variable de la procédure englobante
Info(Compteur()) //> 3
PROCÉDURE Compteur()
n est un entier
BOUCLE(3)
	Incrémente()
FIN
RENVOYER n
	PROCÉDURE INTERNE Incrémente()
		n++
	FIN

//== une variable du code principal est visible dans une procédure
gv est un entier = 5
Change()
Info(gv) //> 6
PROCÉDURE Change()
gv = 6
