// Conversions automatiques (décision 6, référence §5.4) — script en français.

//== chaîne + nombre concatène
Info("a" + 1) //> a1

//== nombre + chaîne additionne
Info(1 + "2") //> 3

//== chaîne numérique à gauche : concaténation quand même
Info("2" + 3) //> 23

//== nombre + chaîne non numérique : la chaîne vaut 0 comme avec Val
Info(1 + "abc") //> 1

//== nombre + chaîne qui commence par un nombre
Info(1 + "2x") //> 3

//== nombre + chaîne décimale
Info(0 + "1.5") //> 1.5

//== chaîne + réel : pas de zéros inutiles
Info("x" + 1.50) //> x1.5

//== la division n'est pas entière
Info(18 / 5) //> 3.6

//== division exacte : pas de décimales
Info(6 / 3) //> 2

//== division négative
Info(-7 / 2) //> -3.5

//== 0.1 + 0.2 s'affiche 0.3
Info(0.1 + 0.2) //> 0.3

//== 0.1 * 3 s'affiche 0.3
Info(0.1 * 3) //> 0.3

//== un réel garde au plus 15 chiffres significatifs
Info(1 / 3) //> 0.333333333333333
Info(2 / 3) //> 0.666666666666667

//== un nombre entier s'affiche sans décimales
r est un réel = 120.0
Info(r) //> 120

//== entier affecté d'un réel : tronqué
n est un entier = 3.7
Info(n) //> 3

//== entier affecté d'un réel négatif : tronqué vers zéro
n est un entier
n = -3.7
Info(n) //> -3

//== entier affecté du résultat d'une division
n est un entier = 7 / 2
Info(n) //> 3

//== réel affecté d'une division d'entiers
r est un réel = 7 / 2
Info(r) //> 3.5

//== chaîne affectée d'un nombre
s est une chaîne = 105.50
Info(s) //> 105.5
Info(s + "!") //> 105.5!

//== chaîne affectée d'un entier puis concaténée
s est une chaîne
s = 12
Info(s + 3) //> 123

//== entier affecté d'une chaîne numérique
n est un entier = "42"
Info(n + 1) //> 43

//== réel affecté d'une chaîne décimale
r est un réel = "2.5"
Info(r * 2) //> 5

//== Info(Vrai) affiche 1
Info(Vrai) //> 1
Info(Faux) //> 0

//== booléen concaténé à une chaîne : 1 / 0
b est un booléen = Vrai
Info("b=" + b) //> b=1
Info("f=" + Faux) //> f=0

//== chaîne affectée d'un booléen
s est une chaîne = Vrai
Info(s) //> 1

//== Trace d'un booléen
Trace(Vrai, Faux)
//! 1, 0

//== booléen affecté d'un nombre
b est un booléen = 5
c est un booléen = 0
Info(b, c)
//> 1
//> 0

//== entier affecté d'un booléen
n est un entier = Vrai
Info(n + 1) //> 2

//== un nombre comme condition : 0 est faux
SI 0 ALORS Info("vrai") SINON Info("faux")
SI 5 ALORS Info("vrai") SINON Info("faux")
SI -1 ALORS Info("vrai") SINON Info("faux")
//> faux
//> vrai
//> vrai

//== nombres négatifs et soustraction
Info(3 - 5, -2.50) 
//> -2
//> -2.5

//== division par zéro
x est un entier = 0
Info(10 / x) //!! division par zéro

//== division par zéro d'un réel
Info(1.5 / 0) //!! division par zéro

//== modulo zéro
Info(5 modulo 0) //!! division par zéro

//== monétaire : 6 décimales
m est un monétaire = 1 / 3
Info(m) //> 0.333333

//== monétaire : calcul exact
m est un monétaire = 0.1
m = m + 0.2
Info(m = 0.3) //> 1

//== réel affecté à une chaîne : 15 chiffres significatifs
s est une chaîne = 1 / 3
Info(s) //> 0.333333333333333

//== comparaison de deux chaînes numériques : ordre alphabétique
Info("10" < "9") //> 1
