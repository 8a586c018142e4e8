// La syntaxe du code réel (issue 13, point 3) — en français.

//== <COMPILE SI> : la configuration par défaut est celle de l'exécutable
<COMPILE SI TypeConfiguration = Site>
Info("site")
<SINON SI Configuration = "Exécutable Windows">
Info("exécutable")
<SINON>
Info("autre")
<FIN>
//> exécutable

//== <COMPILE SI> : le code non compilé peut être faux ; les lignes gardent leur numéro
<COMPILE SI TypeConfiguration = Android OU Configuration = "Linux64">
ceci n'est pas du WLangage (
<FIN>
<COMPILE SI PAS TypeConfiguration = Android>
i est un entier = 12
<FIN>
Info(i) //> 12
Info(j) //!! « j » est inconnu

//== <SI CibleExécution> et constante selon la configuration
<SI CibleExécution = ApplicationWindows>
CONSTANTE
	NOM = "windows"
FIN
<SINON>
CONSTANTE
	NOM = "ailleurs"
FIN
<FIN>
Info(NOM) //> windows

//== <COMPILE SI> jamais fermé
<COMPILE SI Configuration = "x"> //!! jamais fermé par <FIN>
Info(1)

//== modificateurs et attributs de procédure
Info(Carré(4), Vide(), Interne()) //> 16
//>
//> i
PROCÉDURE LOCALE Carré(x) <sans pause>
RENVOYER x * x
PROCÉDURE GLOBALE Vide() : chaîne
RENVOYER ""
PROCÉDURE PRIVÉ Interne() <thread=1>
RENVOYER "i"

//== indirection {nom} en lecture et en écriture
nTotal est un entier = 3
sNom est une chaîne = "nTotal"
Info({sNom} + 1) //> 4
{"ntotal", indVariable} = 10
Info(nTotal) //> 10
Info({"inconnue"}) //!! ne désigne aucune variable

//== procédures lambda et variables de type Procédure
fSomme est une Procédure = (a, b) => a + b
Info(fSomme(2, 3)) //> 5
n est un entier = 10
soit fFois = (k) => k * n
n = 20
Info(fFois(2)) //> 40
p est une Procédure = Double
Info(p(21)) //> 42
PROCÉDURE Double(x)
RENVOYER x * 2

//== formes sur une ligne après « CAS … : »
POUR i = 1 À 3
	SELON i
		CAS 1 : SI i = 1 ALORS Info("un") SINON Info("?")
		CAS 2 : POUR j = 1 À 2 ; Trace(j) ; FIN
		AUTRE CAS : Info("autre")
	FIN
FIN
//> un
//! 1
//! 2
//> autre

//== durées littérales
d est une Durée = 1min 30 s
Info(d = 90 s, 2h = 120 min, 500ms < 1 s) //> 1
//> 1
//> 1

//== x DANS (…) et x PAS DANS (…)
x est un entier = 3
Info(x DANS (1, 2, 3), x PAS DANS (4, 5), "b" DANS ("a", "c")) //> 1
//> 1
//> 0

//== « <- » reste une comparaison quand rien ne peut être affecté
x est un entier = -3
SI x<-1 ALORS Info("moins que -1") //> moins que -1

//== les guillemets simples ne délimitent pas une chaîne
s est une chaîne = 'abc' //!! ne délimite pas une chaîne

//== CAS EXCEPTION: dans une procédure ; CAS ERREUR: n'est jamais atteint ; étiquette
Info(Divise(6, 3), Divise(1, 0)) //> 2
//> erreur : division par zéro
PROCÉDURE Divise(a, b)
RENVOYER a / b
fin:
CAS ERREUR:
	Trace("jamais")
CAS EXCEPTION:
	RENVOYER "erreur : " + ExceptionInfo()

//== &x (adresse, pour les API externes) vaut x
n est un entier = 4
Info(&n + 1) //> 5

//== n++ et ++n dans une expression (version 27)
n est un entier = 1
Info(n++, n, ++n, n--) //> 1
//> 2
//> 3
//> 3
Info(n) //> 2

//== objet, libérer… restent des noms hors des classes (variable, procédure)
Objet est une chaîne = "Bonjour"
Objet = Objet + " !"
Info(Objet) //> Bonjour !
Libérer(2) //> libère 2
PROCÉDURE Libérer(n)
Info("libère " + n)

//== tableau dynamique : un tableau de n'importe quoi
t est un tableau dynamique
Ajoute(t, 1)
Ajoute(t, "a")
Info(t.Occurrence, t[2]) //> 2
//> a
