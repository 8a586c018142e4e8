// Instructions de contrôle (référence §6.1 à §6.5) — script en français.

//== SI bloc avec SINON
n est un entier = 5
SI n > 3 ALORS
	Info("grand")
SINON
	Info("petit")
FIN
//> grand

//== SI bloc : branche SINON
n est un entier = 1
SI n > 3 ALORS
	Info("grand")
SINON
	Info("petit")
FIN
//> petit

//== SI bloc sans SINON et condition fausse
SI Faux ALORS
	Info("jamais")
FIN
Info("après") //> après

//== chaîne de SINON SI
POUR n = 0 À 2
	SI n = 0 ALORS
		Info("zéro")
	SINON SI n = 1 ALORS
		Info("un")
	SINON
		Info("plusieurs")
	FIN
FIN
//> zéro
//> un
//> plusieurs

//== SINON SI : seule la première branche vraie s'exécute
n est un entier = 5
SI n > 1 ALORS
	Info("a")
SINON SI n > 2 ALORS
	Info("b")
FIN
//> a

//== SI sur une ligne
n est un entier = 2
SI n = 2 ALORS Info("deux") SINON Info("autre") //> deux
SI n = 3 ALORS Info("trois") SINON Info("autre") //> autre

//== SI sur une ligne sans SINON
SI Vrai ALORS Info("oui")
SI Faux ALORS Info("non")
//> oui

//== SI sur une ligne avec SINON SI
n est un entier = 3
SI n = 1 ALORS Info("un") SINON SI n = 3 ALORS Info("trois") SINON Info("?") //> trois

//== SI imbriqués
a est un entier = 1
b est un entier = 2
SI a = 1 ALORS
	SI b = 2 ALORS
		Info("a et b")
	FIN
FIN
//> a et b

//== mots-clés en minuscules et sans accents
si Vrai alors
	info("ok")
sinon
	info("ko")
fin
//> ok

//== SELON sur des valeurs
n est un entier = 2
SELON n
	CAS 1 : Info("un")
	CAS 2 : Info("deux")
	CAS 3 : Info("trois")
FIN
//> deux

//== SELON : action sur la ligne suivante
n est un entier = 1
SELON n
	CAS 1
		Info("un")
		Info("encore")
	CAS 2
		Info("deux")
FIN
//> un
//> encore

//== SELON : liste de valeurs CAS 1, 2
POUR n = 1 À 3
	SELON n
		CAS 1, 2 : Info("petit")
		AUTRE CAS : Info("autre")
	FIN
FIN
//> petit
//> petit
//> autre

//== SELON : CAS 1 OU 2
POUR n = 1 À 3
	SELON n
		CAS 1 OU 2 : Info("petit")
		AUTRE CAS : Info("autre")
	FIN
FIN
//> petit
//> petit
//> autre

//== SELON : intervalle CAS 3 À 5
POUR TOUT n DE [2, 3, 5, 6]
	SELON n
		CAS 3 À 5 : Info("[%n%] dedans")
		AUTRE CAS : Info("[%n%] dehors")
	FIN
FIN
//> 2 dehors
//> 3 dedans
//> 5 dedans
//> 6 dehors

//== SELON : CAS À 0 et CAS 10 À
POUR TOUT n DE [-5, 0, 5, 10, 50]
	SELON n
		CAS À 0 : Info("négatif ou nul")
		CAS 10 À : Info("10 ou plus")
		AUTRE CAS : Info("entre")
	FIN
FIN
//> négatif ou nul
//> négatif ou nul
//> entre
//> 10 ou plus
//> 10 ou plus

//== SELON : CAS > 100
n est un entier = 150
SELON n
	CAS > 100 : Info("énorme")
	AUTRE CAS : Info("normal")
FIN
//> énorme

//== SELON : CAS 10 < * < 20
POUR TOUT n DE [10, 15, 20]
	SELON n
		CAS 10 < * < 20 : Info("dedans")
		AUTRE CAS : Info("bord")
	FIN
FIN
//> bord
//> dedans
//> bord

//== SELON : AUTRES CAS
n est un entier = 9
SELON n
	CAS 1 : Info("un")
	AUTRES CAS : Info("autres")
FIN
//> autres

//== SELON : la première branche qui convient gagne
n est un entier = 4
SELON n
	CAS 1 À 5 : Info("premier")
	CAS 4 : Info("second")
FIN
//> premier

//== SELON : aucune branche et pas d'AUTRE CAS
n est un entier = 7
SELON n
	CAS 1 : Info("un")
FIN
Info("fin") //> fin

//== SELON sur des chaînes
s est une chaîne = "rouge"
SELON s
	CAS "vert" : Info("go")
	CAS "rouge", "orange" : Info("stop")
FIN
//> stop

//== SELON sur des chaînes : la casse compte
s est une chaîne = "Rouge"
SELON s
	CAS "rouge" : Info("minuscule")
	AUTRE CAS : Info("autre")
FIN
//> autre

//== POUR de 1 À 3
POUR i = 1 À 3
	Info(i)
FIN
//> 1
//> 2
//> 3

//== POUR avec A sans accent
POUR i = 1 A 2
	Info(i)
FIN
//> 1
//> 2

//== POUR avec PAS négatif
POUR i = 10 À 1 PAS -3
	Info(i)
FIN
//> 10
//> 7
//> 4
//> 1

//== POUR avec PAS 2
s est une chaîne
POUR i = 1 À 6 PAS 2
	s += i
FIN
Info(s) //> 135

//== POUR dont la borne est déjà dépassée : aucun tour
POUR i = 5 À 1
	Info("jamais")
FIN
Info("fin") //> fin

//== POUR : la borne À est réévaluée à chaque tour
t est un tableau d'entiers = [1, 2]
nTours est un entier
POUR i = 1 À t..Occurrence
	nTours++
	SI t..Occurrence < 5 ALORS Ajoute(t, 0)
FIN
Info(nTours, t..Occurrence)
//> 5
//> 5

//== POUR : la borne _À_ est calculée une seule fois
t est un tableau d'entiers = [1, 2]
nTours est un entier
POUR i = 1 _À_ t..Occurrence
	nTours++
	SI t..Occurrence < 5 ALORS Ajoute(t, 0)
FIN
Info(nTours, t..Occurrence)
//> 2
//> 4

//== POUR : _A_ sans accent
n est un entier = 3
POUR i = 1 _A_ n
	n = 1
	Trace(i)
FIN
//! 1
//! 2
//! 3

//== POUR : la variable de boucle est déclarée automatiquement
total est un entier
POUR k = 1 À 4
	total += k
FIN
Info(total) //> 10

//== POUR TOUT sur un tableau
t est un tableau de chaînes = ["a", "b"]
POUR TOUT x DE t
	Info(x)
FIN
//> a
//> b

//== POUR TOUT avec DANS
t est un tableau de entiers = [3, 4]
POUR TOUT x DANS t
	Info(x * 2)
FIN
//> 6
//> 8

//== POUR TOUT sur un tableau vide
t est un tableau de entiers
POUR TOUT x DE t
	Info("jamais")
FIN
Info("vide") //> vide

//== POUR TOUT ÉLÉMENT avec l'indice
t est un tableau de chaînes = ["x", "y", "z"]
POUR TOUT ÉLÉMENT v, i DE t
	Info("" + i + ":" + v)
FIN
//> 1:x
//> 2:y
//> 3:z

//== POUR TOUT sur un tableau associatif : valeur et clé
t est un tableau associatif de entiers
t["un"] = 1
t["deux"] = 2
POUR TOUT v, k DE t
	Info(k + "=" + v)
FIN
//> un=1
//> deux=2

//== POUR TOUTE CHAÎNE ... SÉPARÉE PAR
s est une chaîne = "a,b,c"
POUR TOUTE CHAÎNE x DE s SÉPARÉE PAR ","
	Info(x)
FIN
//> a
//> b
//> c

//== POUR TOUTE CHAINE sans accents, séparateur de plusieurs caractères
POUR TOUTE CHAINE x DE "un; deux; trois" SEPAREE PAR "; "
	Info(x)
FIN
//> un
//> deux
//> trois

//== POUR TOUT sur un nombre est une erreur
n est un entier = 3
POUR TOUT x DE n //!! on ne peut pas parcourir
	Info(x)
FIN

//== TANTQUE
n est un entier = 1
TANTQUE n < 100
	n = n * 3
FIN
Info(n) //> 243

//== TANTQUE dont la condition est fausse au départ
TANTQUE Faux
	Info("jamais")
FIN
Info("fin") //> fin

//== TANT QUE en deux mots
n est un entier = 3
TANT QUE n > 0
	n--
FIN
Info(n) //> 0

//== BOUCLE et SORTIR
n est un entier
BOUCLE
	n++
	SI n = 4 ALORS SORTIR
FIN
Info(n) //> 4

//== BOUCLE(3)
BOUCLE(3)
	Info("x")
FIN
//> x
//> x
//> x

//== BOUCLE(0) ne fait rien
BOUCLE(0)
	Info("jamais")
FIN
Info("fin") //> fin

//== BOUCLE ... À FAIRE TANTQUE
n est un entier
BOUCLE
	n++
À FAIRE TANTQUE n < 3
Info(n) //> 3

//== BOUCLE ... À FAIRE TANTQUE : le corps s'exécute au moins une fois
n est un entier = 10
BOUCLE
	n++
A FAIRE TANTQUE n < 3
Info(n) //> 11

//== CONTINUER passe au tour suivant
POUR i = 1 À 5
	SI i modulo 2 = 0 ALORS CONTINUER
	Info(i)
FIN
//> 1
//> 3
//> 5

//== CONTINUER dans TANTQUE
i est un entier = 0
TANTQUE i < 4
	i++
	SI i = 2 ALORS CONTINUER
	Trace(i)
FIN
//! 1
//! 3
//! 4

//== SORTIR ne quitte que la boucle intérieure
POUR i = 1 À 2
	POUR j = 1 À 10
		SI j > 2 ALORS SORTIR
		Info("" + i + "." + j)
	FIN
FIN
//> 1.1
//> 1.2
//> 2.1
//> 2.2

//== SORTIR d'un POUR TOUT
POUR TOUT x DE ["a", "stop", "b"]
	SI x = "stop" ALORS SORTIR
	Info(x)
FIN
//> a


//== POUR avec une variable réelle déclarée et un PAS décimal
r est un réel
POUR r = 0 À 1 PAS 0.5
	Trace(r)
FIN
//! 0
//! 0.5
//! 1

//== POUR : modifier le compteur dans la boucle
POUR i = 1 À 5
	Trace(i)
	i++
FIN
//! 1
//! 3
//! 5
