// Structure lexicale (référence §1, décisions 1 à 4) — script en français.

//== ... continue l'instruction sur la ligne suivante
x est un entier = 1 + ...
	2 + ...
	3
Info(x) //> 6

//== ... dans la liste des paramètres d'un appel
Info("a", ...
	"b")
//> a
//> b

//== ... suivi d'un commentaire
n est un entier = 10 + ... // la suite arrive
	5
Info(n) //> 15

//== une ligne qui ne contient que ... (indentée) entre deux instructions
Info("avant")
	...
Info("après")
//> avant
//> après

//== ... seul sur sa ligne au milieu d'une expression coupée
total est un entier = 2 * ...
	...
	4
Info(total) //> 8

//== ... seul sur sa ligne ne se joint qu'à la ligne suivante
total est un entier = 2
	...
	* 4 //!! inattendu

//== ... dans une chaîne n'est pas une continuation
Info("a...")
Info("b")
//> a...
//> b

//== retour à la ligne à l'intérieur de parenthèses
y est un entier = (1 +
	2 +
	3)
Info(y) //> 6

//== retour à la ligne entre les paramètres d'un appel
Info(
	"un",
	"deux"
)
//> un
//> deux

//== retour à la ligne dans un tableau [ ]
t est un tableau de entiers = [1,
	2,
	3]
Info(t[3]) //> 3

//== commentaire // jusqu'à la fin de la ligne
Info("a") // Info("b")
// Info("c")
//> a

//== // dans une chaîne n'est pas un commentaire
Info("http://exemple.fr") //> http://exemple.fr

//== commentaire /* */ sur une ligne
Info(1 /* un */ + /* deux */ 2) //> 3

//== commentaire /* */ sur plusieurs lignes
/* Info("caché")
Info("caché aussi") */
Info("visible") //> visible

//== /* dans une chaîne n'ouvre pas de commentaire
Info("a /* b */ c") //> a /* b */ c

//== commentaire /* non fermé
Info("x")
/* jamais fermé //!! /\*
Info("y")

//== "" dans une chaîne est un guillemet
Info("il dit ""bonjour""") //> il dit "bonjour"

//== chaîne qui ne contient qu'un guillemet
q est une chaîne = """"
Info(q) //> "

//== pas d'échappement avec la barre oblique inverse
Info("C:\Temp\new") //> C:\Temp\new

//== chaîne vide
Info("" + "x" + "") //> x

//== chaîne non terminée
s est une chaîne = "abc //!! chaîne non terminée

//== interpolation [% variable %]
nom est une chaîne = "Zoé"
Info("Bonjour [%nom%] !") //> Bonjour Zoé !

//== interpolation d'un nombre et d'un élément de tableau
n est un entier = 42
tab est un tableau de chaînes = ["a", "b", "c"]
Info("n=[%n%] t2=[%tab[2]%]") //> n=42 t2=b

//== interpolation d'une expression
a est un entier = 4
Info("[%a + 1%] et [%a * a%]") //> 5 et 16

//== interpolation d'un booléen
b est un booléen = Vrai
Info("b=[%b%]") //> b=1

//== texte sans [% reste tel quel
Info("[pas d'interpolation] 50 %") //> [pas d'interpolation] 50 %

//== chaîne multiligne entre [ et ]
s est une chaîne = [
	Bonjour,
	le monde
	]
Info(s = "Bonjour," + RC + "le monde") //> 1

//== chaîne multiligne : indentation commune retirée, indentation relative gardée
s est une chaîne = [
		ligne 1
		  ligne 2
		ligne 3
]
Info(s = "ligne 1" + RC + "  ligne 2" + RC + "ligne 3") //> 1

//== chaîne multiligne entre guillemets
s est une chaîne = "
	Cher client,
	merci.
	"
Info(s = "Cher client," + RC + "merci.") //> 1

//== chaîne multiligne affichée
s est une chaîne = [
	a
	b
]
Info(s)
//> a
//> b

//== chaîne multiligne avec interpolation
qui est une chaîne = "Léa"
s est une chaîne = [
	Bonjour [%qui%]
	Au revoir
]
Info(s = "Bonjour Léa" + RC + "Au revoir") //> 1

//== chaîne multiligne affectée sans déclaration
s est une chaîne
s = [
	x
	y
]
Info(s = "x" + RC + "y") //> 1

//== ; sépare deux instructions
a est un entier = 1; b est un entier = 2
Info(a + b) //> 3

//== ; en fin de ligne est toléré
c est un entier = 5;
Info(c); Info(c + 1);
//> 5
//> 6

//== ; vides répétés
Info(1);; Info(2)
//> 1
//> 2

//== mots-clés sans casse ni accents
procédure_ok est un booléen = Vrai
si procédure_ok alors
	Info("si")
FiN
Si PAS procédure_ok ALORS Info("non") sinon Info("oui")
//> si
//> oui

//== PROCÉDURE et procedure désignent le même mot-clé
Info(Double(4)) //> 8
Info(Triple(2)) //> 6
PROCÉDURE Double(x)
RENVOYER x * 2
procedure Triple(x)
renvoyer x * 3

//== chaîne et chaine sont le même type
a est une chaîne = "x"
b est une chaine = "y"
c est une CHAÎNE = "z"
Info(a + b + c) //> xyz

//== noms de variables sans casse ni accents
Prénom est une chaîne = "Zoé"
Info(prenom) //> Zoé
PRENOM = "Eve"
Info(Prénom) //> Eve

//== les fonctions sans casse ni accents
INFO("a")
info("b")
//> a
//> b

//== le contenu des chaînes garde sa casse et ses accents
Info("Éàç ÉTÉ") //> Éàç ÉTÉ

//== caractère inattendu
x est un entier = 1 § 2 //!! caractère inattendu

//== identifiants accentués et soulignés
_total_Été est un entier = 3
Info(_TOTAL_ete) //> 3

//== interpolation d'une variable inconnue
x est un entier = 1
Info("v=[%zz%]") //!! « zz » est inconnu

//== chaîne multiligne [ jamais fermée
s est une chaîne = [ //!! texte sur plusieurs lignes non terminé
	abc
Info(s)

//== chaîne multiligne " jamais fermée
s est une chaîne = " //!! chaîne non terminée
	abc
Info(s)

//== chaîne multiligne : une ligne vide intérieure est gardée
s est une chaîne = [
	a

	b
]
Info(s = "a" + RC + RC + "b") //> 1
