// Declarations: articles, genders, plurals and elision follow each language's idiom.
n est un entier
s est une chaîne
d est une date
h est une heure
arrN est un tableau de entiers
arrS est un tableau de chaînes
arrT est un tableau d'entiers
arrAssoc est un tableau associatif de entiers
n1, n2 sont des entier
s1, s2 sont des chaînes
x est entier
y est chaîne
ST_Person est une Structure
	sName est une chaîne
	nAge est un entier
FIN
p est un ST_Person
p.sName = "Ann"
LOCAL nLocal est un entier = 3
IS_OK est un booléen = Vrai
Info(Taille(s), arrN..Occurrence, p.sName, nLocal, IS_OK, x + n1 + n2)

PROCÉDURE Twice(LOCAL a est un entier, b est réel) : entier
RENVOYER a * 2 + b
