// Erreurs et exceptions (référence §7, décisions 7 et 9) — script en français.

//== QUAND EXCEPTION DANS : le traitement s'exécute et la suite continue
x est un entier = 0
QUAND EXCEPTION DANS
	Info(10 / x)
	Info("jamais")
FAIRE
	Info("attrapée")
FIN
Info("après")
//> attrapée
//> après

//== QUAND EXCEPTION DANS : ExceptionInfo donne le message
x est un entier = 0
QUAND EXCEPTION DANS
	x = 10 / x
FAIRE
	Info(ExceptionInfo())
FIN
//> division par zéro

//== QUAND EXCEPTION DANS : ExceptionInfo(errMessage)
t est un tableau de entiers = [1]
QUAND EXCEPTION DANS
	Info(t[5])
FAIRE
	Info(ExceptionInfo(errMessage) [=] "indice 5")
FIN
//> 1

//== QUAND EXCEPTION DANS : sans erreur, FAIRE ne s'exécute pas
QUAND EXCEPTION DANS
	Info("corps")
FAIRE
	Info("traitement")
FIN
//> corps

//== QUAND EXCEPTION DANS ... SINON : SINON s'exécute sans erreur
QUAND EXCEPTION DANS
	Info("corps")
FAIRE
	Info("traitement")
SINON
	Info("pas d'erreur")
FIN
Info("fin")
//> corps
//> pas d'erreur
//> fin

//== QUAND EXCEPTION DANS ... SINON : SINON ne s'exécute pas après une erreur
x est un entier = 0
QUAND EXCEPTION DANS
	x = 1 / x
FAIRE
	Info("traitement")
SINON
	Info("pas d'erreur")
FIN
//> traitement

//== QUAND EXCEPTION DANS attrape une erreur levée dans une procédure
QUAND EXCEPTION DANS
	Risque()
FAIRE
	Info("attrapée : " + ExceptionInfo())
FIN
//> dans Risque
//> attrapée : division par zéro
PROCÉDURE Risque()
Info("dans Risque")
n est un entier = 0
Info(1 / n)
Info("jamais")

//== QUAND EXCEPTION DANS dans une boucle
POUR TOUT d DE [1, 0, 2]
	QUAND EXCEPTION DANS
		Info(10 / d)
	FAIRE
		Info("erreur")
	FIN
FIN
//> 10
//> erreur
//> 5

//== QUAND EXCEPTION DANS ne couvre que son bloc
x est un entier = 0
QUAND EXCEPTION DANS
	Info("ok")
FAIRE
	Info("traitement")
FIN
Info(1 / x) //!! division par zéro
//> ok

//== une erreur dans le traitement FAIRE n'est pas attrapée
x est un entier = 0
QUAND EXCEPTION DANS
	x = 1 / x
FAIRE
	Info(1 / x) //!! division par zéro
FIN

//== mots-clés d'exception en minuscules
x est un entier = 0
quand exception dans
	x = 1 / x
faire
	Info("attrapée")
fin
//> attrapée

//== une chaîne comme condition est attrapée
s est une chaîne = "x"
QUAND EXCEPTION DANS
	SI s ALORS Info("?")
FAIRE
	Info(ExceptionInfo() [=] "condition")
FIN
//> 1

//== une clé absente est attrapée
t est un tableau associatif de entiers
QUAND EXCEPTION DANS
	Info(t["x"])
FAIRE
	Info("clé absente")
FIN
//> clé absente

//== QUAND EXCEPTION générale dans une procédure : l'appelant continue
P()
Info("après P")
//> dans P
//> attrapée : division par zéro
//> après P
PROCÉDURE P()
QUAND EXCEPTION
	Info("attrapée : " + ExceptionInfo())
FIN
Info("dans P")
n est un entier = 0
Info(1 / n)
Info("jamais")

//== QUAND EXCEPTION générale dans le code principal
QUAND EXCEPTION
	Info("attrapée")
FIN
n est un entier = 0
Info("avant")
Info(1 / n)
Info("jamais")
//> avant
//> attrapée
//exit 0

//== QUAND EXCEPTION générale : sans erreur, le traitement ne s'exécute pas
QUAND EXCEPTION
	Info("traitement")
FIN
Info("normal")
//> normal

//== QUAND EXCEPTION DANS est prioritaire sur la générale
QUAND EXCEPTION
	Info("générale")
FIN
n est un entier = 0
QUAND EXCEPTION DANS
	Info(1 / n)
FAIRE
	Info("spécifique")
FIN
Info("suite")
//> spécifique
//> suite

//== ExceptionDéclenche et ExceptionInfo(errCode)
QUAND EXCEPTION DANS
	ExceptionDéclenche(12, "message perso")
FAIRE
	Info(ExceptionInfo(errCode))
	Info(ExceptionInfo())
FIN
//> 12
//> message perso

//== ExceptionDéclenche depuis une procédure
QUAND EXCEPTION DANS
	Vérifie(-1)
FAIRE
	Info(ExceptionInfo(errCode), ExceptionInfo(errMessage))
FIN
//> 7
//> négatif
PROCÉDURE Vérifie(n)
SI n < 0 ALORS ExceptionDéclenche(7, "négatif")
Info("jamais")

//== ExceptionDéclenche non attrapée : erreur fatale
Info("avant")
ExceptionDéclenche(3, "boum") //!! boum
Info("après")
//> avant
//exit 70

//== ExceptionDeclenche sans accent
QUAND EXCEPTION DANS
	exceptiondeclenche(1, "x")
FAIRE
	Info("ok")
FIN
//> ok

//== ErreurDéclenche : erreur non fatale, le script continue
ErreurDéclenche(5, "oups")
Info(ErreurDétectée)
Info(ErreurInfo(errCode))
Info(ErreurInfo(errMessage))
Info("suite")
//> 1
//> 5
//> oups
//> suite

//== ErreurDéclenche dans une procédure
SI PAS Envoie() ALORS Info("échec : " + ErreurInfo(errMessage))
//> échec : serveur absent
PROCÉDURE Envoie()
ErreurDéclenche(1, "serveur absent")
RENVOYER Faux

//== ErreurDétectée est faux au départ
Info(ErreurDétectée) //> 0

//== ErreurDétectée sans accent et avec parenthèses
ErreurDéclenche(2, "x")
SI erreurdetectee() ALORS Info("détectée")
//> détectée

//== ErreurDéclenche n'est pas attrapée comme une exception
QUAND EXCEPTION DANS
	ErreurDéclenche(1, "non fatale")
FAIRE
	Info("jamais")
FIN
Info("continue") //> continue

//== erreur fatale non attrapée : code de sortie 70
x est un entier = 0
Info("a")
Info(5 / x) //!! division par zéro
Info("b")
//> a
//exit 70

//== erreur fatale dans une procédure : signalée à sa ligne
Calcule()
PROCÉDURE Calcule()
n est un entier = 0
Info(n / n) //!! division par zéro

//== indice hors du tableau
t est un tableau de entiers = [1, 2, 3]
Info(t[4]) //!! indice 4 en dehors du tableau \(taille 3\)
//exit 70

//== fonction inconnue
InfoInconnue("a") //!! « InfoInconnue » est inconnu
//exit 70

//== variable inconnue dans une expression
x est un entier = 1
Info(x + y) //!! « y » est inconnu

//== variable utilisée avant sa déclaration
Info(n) //!! n'a pas encore été déclarée|inconnu
n est un entier = 1

//== mauvais nombre de paramètres d'une fonction prédéfinie
Info(Abs(1, 2)) //!! Abs attend 1 paramètre, pas 2
//exit 70

//== mauvais nombre de paramètres : trop peu
Info(Abs()) //!! Abs attend 1 paramètre, pas 0

//== FIN manquant pour un SI
//exit 65
x est un entier = 1
SI x = 1 ALORS
	Info(x)
Info("fin") //!! FIN manquant pour le SI de la ligne 3

//== FIN manquant pour un POUR
//exit 65
POUR i = 1 À 3
	Info(i) //!! FIN manquant pour le POUR de la ligne 2

//== FIN manquant pour un TANTQUE
n est un entier
TANTQUE n < 3
	n++ //!! FIN manquant pour le TANTQUE de la ligne 2

//== FIN manquant pour un SELON
SELON 1
	CAS 1 : Info(1) //!! FIN manquant pour le SELON de la ligne 1

//== FIN manquant pour un SI imbriqué
POUR i = 1 À 2
	SI i = 1 ALORS //!! FIN manquant pour le SI de la ligne 2 : le FIN de la ligne 4 est aligné sur le POUR de la ligne 1
		Info(i)
FIN

//== FIN manquant : aucune instruction n'est exécutée
Info("avant")
SI Vrai ALORS
	Info("dedans") //!! FIN manquant pour le SI de la ligne 2

//== symbole inattendu
x est un entier = = 2 //!! '=' inattendu
//exit 65

//== FIN en trop
Info(1)
FIN //!! 'FIN' inattendu

//== deux valeurs sans virgule
Info(1 2) //!! '2' inattendu

//== QUAND EXCEPTION DANS sans FAIRE
QUAND EXCEPTION DANS
	Info(1)
FIN //!! inattendu ; attendu : FAIRE

//== chaîne non terminée : code de sortie 65
Info("abc) //!! chaîne non terminée
//exit 65

//== une exception relancée dans FAIRE est attrapée par l'appelant
QUAND EXCEPTION DANS
	Externe()
FAIRE
	Info("appelant : " + ExceptionInfo())
FIN
//> interne : première
//> appelant : relancée
PROCÉDURE Externe()
QUAND EXCEPTION DANS
	ExceptionDéclenche(1, "première")
FAIRE
	Info("interne : " + ExceptionInfo())
	ExceptionDéclenche(2, "relancée")
FIN

//== ExceptionInfo hors d'un traitement d'exception
Info("[" + ExceptionInfo() + "]", ExceptionInfo(errCode))
//> []
//> 0

//== propriété inconnue à l'exécution : « vouliez-vous dire » (issue 16)
MaSession est un emailSessionSMTP
MaSession.Prot = 25 //!! « Prot » n'est pas une propriété de emailSessionSMTP ; vouliez-vous dire « Port » \?
//exit 70

//== méthode inconnue à l'exécution : « vouliez-vous dire »
MaSession est un emailSessionSMTP
MaSession.OuvreSesion() //!! méthode « OuvreSesion » inconnue ; vouliez-vous dire « OuvreSession » \?
//exit 70

//== propriété sur un entier : inconnue, pas « ne peut pas être modifiée »
x est un entier
x.Foo = 2 //!! « Foo » n'est pas une propriété de entier$
//exit 70

//== « == » au lieu de « = » (issue 16)
n est un entier = 2
SI n == 2 ALORS //!! « == » n'existe pas en WLangage : une comparaison s'écrit avec un seul « = »
	Info(n)
FIN
//exit 65

//== « ... » oublié en fin de ligne
s est une chaîne = "a" + //!! la ligne se termine par « \+ » : .* terminez la ligne par « \.\.\. »
	"b"
//exit 65

//== le FIN aligné sur le POUR : c'est le SI qui n'a pas le sien
POUR i = 1 À 3
	SI i = 2 ALORS //!! FIN manquant pour le SI de la ligne \d+ : le FIN de la ligne \d+ est aligné sur le POUR
		Info(i)
FIN
Info("fin")
//exit 65

//== nombre exact de paramètres
Info(Gauche("abc")) //!! Gauche attend 2 paramètres, pas 1$
//exit 70
