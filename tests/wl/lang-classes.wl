// Classes (issue 13, point 2 ; https://doc.pcsoft.fr/?6010006, ?6010002, ?6010003) — en français.

//== membres, constructeur avec paramètres, méthode PROCÉDURE C.M()
p est un CPoint(2, 3)
Info(p.Texte()) //> (2, 3)
CPoint est une Classe
	x est un entier
	y est un entier
FIN
PROCÉDURE CPoint.Constructeur(a, b)
:x = a
:y = b
PROCÉDURE CPoint.Texte()
RENVOYER "(" + :x + ", " + :y + ")"

//== un membre s'écrit aussi sans « : » dans une méthode ; une variable locale le masque
c est un CCompteur
c.Ajoute(5)
c.Ajoute(2)
Info(c.total, c.Dernier()) //> 7
//> 2
CCompteur est une Classe
	total est un entier
	dernier est un entier
FIN
PROCÉDURE CCompteur.Ajoute(n)
total += n
dernier est un entier = n
:dernier = dernier
PROCÉDURE CCompteur.Dernier()
RENVOYER dernier

//== valeur initiale des membres et mot-clé objet
o est un objet CBoîte
Info(o.nom, o.Moi().nom) //> boîte
//> boîte
CBoîte est une Classe
	nom est une chaîne = "boîte"
FIN
PROCÉDURE CBoîte.Moi()
RENVOYER objet

//== héritage, méthodes virtuelles et Ancêtre
t est un tableau de CForme dynamique
Ajoute(t, allouer un CCarré(2))
Ajoute(t, allouer un CForme("point"))
POUR TOUT f DE t
	Info(f.Décrit())
FIN
//> carré : 4
//> point : 0
CForme est une Classe
PROTÉGÉ
	nom est une chaîne
FIN
CCarré est une Classe
	hérite de CForme
	côté est un entier
FIN
PROCÉDURE CForme.Constructeur(sNom)
nom = sNom
PROCÉDURE CForme.Aire()
RENVOYER 0
PROCÉDURE CForme.Décrit()
RENVOYER nom + " : " + Aire()
PROCÉDURE CCarré.Constructeur(n)
Constructeur CForme("carré")
côté = n
PROCÉDURE CCarré.Aire()
RENVOYER côté * côté + Ancêtre.Aire()

//== le constructeur de l'ancêtre sans paramètre est appelé d'office, puis les destructeurs
e est un CEnfant dynamique = allouer un CEnfant
Trace("vivant")
libérer e
Info(e = Null) //> 1
//! parent construit
//! enfant construit
//! vivant
//! enfant détruit
//! parent détruit
CParent est une Classe
FIN
CEnfant est une Classe
	hérite de CParent
FIN
PROCÉDURE CParent.Constructeur()
Trace("parent construit")
PROCÉDURE CParent.Destructeur()
Trace("parent détruit")
PROCÉDURE CEnfant.Constructeur()
Trace("enfant construit")
PROCÉDURE CEnfant.Destructeur()
Trace("enfant détruit")

//== = copie un objet, <- partage le même objet
a est un CValeur
b est un CValeur
a.v = 1
b = a
b.v = 2
Info(a.v) //> 1
d est un CValeur dynamique
d <- a
d.v = 3
Info(a.v) //> 3
CValeur est une Classe
	v est un entier
FIN

//== membre GLOBAL et constante de classe : C::x et ::x
c1 est un CCompté
c2 est un CCompté
Info(CCompté::nb, c2.Rang(), CCompté::PRÉFIXE) //> 2
//> n°2
//> n°
CCompté est une Classe
	GLOBAL
		nb est un entier
	PUBLIC
		rang est un entier
	CONSTANTE PRÉFIXE = "n°"
FIN
PROCÉDURE CCompté.Constructeur()
::nb++
rang = ::nb
PROCÉDURE CCompté.Rang()
RENVOYER PRÉFIXE + rang

//== MoiMême passé à une procédure ; une méthode appelle une autre sans « : »
n est un CNœud("racine")
Info(n.Chemin()) //> /racine
CNœud est une Classe
	nom est une chaîne
FIN
PROCÉDURE CNœud.Constructeur(s)
nom = s
PROCÉDURE CNœud.Chemin()
RENVOYER Préfixe(MoiMême) + nom
PROCÉDURE Préfixe(x)
RENVOYER "/" + Gauche(x.nom, 0)

//== les méthodes peuvent suivre la classe sans son nom (fichier de classe)
k est un CSeul(4)
Info(k.n) //> 4
CSeul est une Classe
	n est un entier
FIN
PROCÉDURE Constructeur(x)
:n = x

//== un membre privé est refusé hors de sa classe, à la compilation
s est un CSecret
Info(s.code) //!! membre privé de la classe CSecret
CSecret est une Classe
PRIVÉ
	code est une chaîne
FIN

//== un objet dynamique Null : erreur fatale à l'exécution
q est un CValeur dynamique
Info(q.v) //!! Null
CValeur est une Classe
	v est un entier
FIN

//== classe ancêtre inconnue
CA est une Classe
	hérite de CInconnue //!! classe « CInconnue » inconnue
FIN

//== méthode inconnue d'une classe connue
v est un CValeur
v.Rien() //!! ni un membre ni une méthode de la classe CValeur
CValeur est une Classe
	v est un entier
FIN

//== :membre hors d'une méthode
:x = 1 //!! n'a de sens que dans une méthode de classe

//== interface, classe abstraite, hérite de sur la ligne de la classe
f est un ILecteur dynamique = allouer un CFichier
Info(f.Lit()) //> données
ILecteur est une Interface
	PROCÉDURE Lit() : chaîne
FIN
CBase est une Classe, abstraite hérite de ILecteur
FIN
CFichier est une Classe
	hérite de CBase
FIN
PROCÉDURE CFichier.Lit() : chaîne
RENVOYER "données"

//== affectation par référence dans une déclaration, structure déclarée dans la classe
a est un CSac
b est un CSac dynamique <- a
b.contenu.n = 5
Info(a.contenu.n) //> 5
CSac est une Classe
	STContenu est une Structure
		n est un entier
	FIN
	contenu est un CSac.STContenu
FIN

//== fichier de classe : toutes les procédures qui suivent sont des méthodes
CMinuteur est une Classe
	nDurée est un entier
FIN
PROCÉDURE Constructeur(n)
nDurée = n
PROCÉDURE Double()
RENVOYER nDurée * 2
PROCÉDURE Texte()
RENVOYER "durée " + Double()

//== énumérations : membres, ..Valeur, ..Nom, variable typée
nivPriorité est une EPriorité
Info(nivPriorité..Nom, nivPriorité..Valeur, EPriorité.Haute) //> Basse
//> 1
//> 3
nivPriorité = EPriorité.Haute
SI nivPriorité = EPriorité.Haute ALORS Info("haute") //> haute
EPriorité est une Énumération
	Basse = 1
	Haute = 3
	Sans
FIN

//== une méthode lue sans parenthèses est appelée (propriété)
r est un CRect
Info(r.Aire, r.Double()) //> 6
//> 12
CRect est une Classe
	l est un entier = 2
	h est un entier = 3
FIN
PROCÉDURE CRect.Aire()
RENVOYER l * h
PROCÉDURE CRect.Double()
RENVOYER Aire * 2

//== copier un objet copie aussi ses membres objets (pas les dynamiques)
a est un CCouple
b est un CCouple
a.p.v = 1
a.d = allouer un CValeur
a.d.v = 1
b = a
b.p.v = 2
b.d.v = 2
Info(a.p.v, a.d.v) //> 1
//> 2
CValeur est une Classe
	v est un entier
FIN
CCouple est une Classe
	p est un CValeur
	d est un CValeur dynamique
FIN

//== :membre inconnu d'une classe connue : erreur à la ligne
CA est une Classe
	x est un entier
FIN
a est un CA
Info(a.M())
PROCÉDURE CA.M()
RENVOYER :z //!! « z » n'est ni un membre ni une méthode de la classe CA

//== « : » entre un objet et son membre (ancienne syntaxe) : o:m, Ancêtre:M()
c est un CB
Info(c:Nom(), c:x) //> BA4
//> 4
CA est une Classe
	x est un entier = 4
FIN
CB est une Classe
	hérite de CA
FIN
PROCÉDURE CA.Nom()
RENVOYER "A"
PROCÉDURE CB.Nom()
RENVOYER "B" + Ancêtre:Nom() + objet:x

//== une interface ne s'alloue pas
i est un ILecteur dynamique = allouer un ILecteur //!! ILecteur est une interface
ILecteur est une Interface
	PROCÉDURE Lit()
FIN
