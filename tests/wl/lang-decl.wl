// Déclarations (référence §3, §4) — script en français.

//== est un / est une avec initialiseur
n est un entier = 5
s est une chaîne = "abc"
Info(n, s)
//> 5
//> abc

//== l'article est facultatif
n est entier = 7
Info(n) //> 7

//== valeurs par défaut : 0, "" et Faux
n est un entier
r est un réel
s est une chaîne
b est un booléen
Info(n, r, "[" + s + "]", b)
//> 0
//> 0
//> []
//> 0

//== sont des avec un nom de type au pluriel
a, b sont des entiers
a = 1
b = a + 1
Info(a, b)
//> 1
//> 2

//== sont des chaînes (pluriel accentué)
x, y sont des chaînes
x = "u"
y = "v"
Info(x + y) //> uv

//== plusieurs noms partagent le type et le défaut
p, q, r sont des booléens
Info(p, q, r)
//> 0
//> 0
//> 0

//== le type d'une variable convertit les valeurs affectées
n est un entier
n = "12"
Info(n + 1) //> 13

//== une variable non déclarée est une erreur
Info(inconnue) //!! inconnu

//== soit déduit le type de la valeur
soit n = 5
soit s = "abc"
soit r = 1.5
Info(n + 1, s + 1, r * 2)
//> 6
//> abc1
//> 3

//== soit : la variable garde son type (entier)
soit n = 5
n = 3.7
Info(n) //> 3

//== soit : la variable garde son type (chaîne)
soit s = "x"
s = 12
Info(s + 1) //> 121

//== soit avec plusieurs variables
soit (a, b) = (1, "A")
Info(a, b)
//> 1
//> A

//== SOIT sans casse
SoIt total = 10 * 2
Info(total) //> 20

//== bloc CONSTANTE
CONSTANTE
	TVA = 20
	Hôte = "smtp.exemple.org"
FIN
Info(TVA, hote)
//> 20
//> smtp.exemple.org

//== constante sur une ligne
CONSTANTE MAX_ESSAIS = 3
Info(MAX_ESSAIS * 2) //> 6

//== une constante sert de dimension de tableau
CONSTANTE N = 4
t est un tableau [N] d'entiers
Info(t..Occurrence) //> 4

//== section LOCAL
LOCAL
	a est un entier = 1
	b est une chaîne = "x"
Info(a, b)
//> 1
//> x

//== LOCAL sur la même ligne
LOCAL c est un entier = 3
Info(c) //> 3

//== section GLOBAL visible dans une procédure
GLOBAL
	gCompteur est un entier = 10
Incrémente()
Incrémente()
Info(gCompteur) //> 12
PROCÉDURE Incrémente()
gCompteur++

//== tableau de taille fixe : des zéros
t est un tableau [3] de entiers
Info(t..Occurrence, t[1], t[2], t[3])
//> 3
//> 0
//> 0
//> 0

//== tableau de taille fixe : hors limites
t est un tableau [3] de entiers
t[4] = 1 //!! indice 4 en dehors du tableau

//== tableau dynamique vide au départ
t est un tableau de chaînes
Info(t..Occurrence) //> 0

//== tableau initialisé par une liste
t est un tableau de chaînes = ["lundi", "mardi"]
Info(t[1], t[2], t.Occurrence)
//> lundi
//> mardi
//> 2

//== d'entiers (élision)
t est un tableau d'entiers = [4, 5]
Info(t[1] + t[2]) //> 9

//== tableaux sont des
t1, t2 sont des tableaux d'entiers
Ajoute(t1, 1)
Info(t1..Occurrence, t2..Occurrence)
//> 1
//> 0

//== l'indice 0 est hors du tableau
t est un tableau de entiers = [1, 2]
Info(t[0]) //!! indice 0 en dehors du tableau

//== tableau vide : le premier élément n'existe pas
t est un tableau de entiers
Info(t[1]) //!! en dehors du tableau

//== tableau à deux dimensions
t est un tableau [2,3] d'entiers
t[1, 2] = 5
t[2, 3] = 7
Info(t[1, 2] + t[2, 3], t[1, 1])
//> 12
//> 0

//== tableau à deux dimensions : hors limites
t est un tableau [2,3] d'entiers
t[3, 1] = 1 //!! en dehors du tableau

//== tableau associatif
t est un tableau associatif de entiers
t["a"] = 1
t["b"] = 2
Info(t["a"] + t["b"], t..Occurrence)
//> 3
//> 2

//== tableau associatif : réaffecter une clé
t est un tableau associatif de chaînes
t["x"] = "un"
t["x"] = "deux"
Info(t["x"], t..Occurrence)
//> deux
//> 1

//== tableau associatif : clé absente
t est un tableau associatif de entiers
t["a"] = 1
Info(t["z"]) //!! la clé « z » n'existe pas

//== tableau associatif : les clés gardent la casse
t est un tableau associatif d'entiers
t["A"] = 1
Info(t["a"]) //!! n'existe pas

//== structure : déclaration et champs
ST_Contact est une Structure
	Nom est une chaîne
	Age est un entier
FIN
c est un ST_Contact
c.Nom = "Zoé"
c.Age = 30
Info(c.Nom, c.Age + 1)
//> Zoé
//> 31

//== structure : champs initialisés à leur défaut
S est une Structure
	n est un entier
	s est une chaîne
FIN
v est un S
Info(v.n, "[" + v.s + "]")
//> 0
//> []

//== structure : copie à l'affectation
S est une structure
	champ est un entier
FIN
a est un S
a.champ = 1
b est un S
b = a
b.champ = 2
Info(a.champ, b.champ)
//> 1
//> 2

//== structure : champ inconnu
S est une Structure
	x est un entier
FIN
v est un S
v.y = 1 //!! n'est pas une propriété

//== tableau de structures
S est une Structure
	n est un entier
FIN
t est un tableau de S
e est un S
e.n = 4
Ajoute(t, e)
e.n = 5
Ajoute(t, e)
Info(t[1].n, t[2].n)
//> 4
//> 5
