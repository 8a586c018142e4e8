// Fonctions de dialogue dans un terminal (décision 8) — script en français.

//== Info avec plusieurs paramètres : une ligne chacun
Info("un", "deux", "trois")
//> un
//> deux
//> trois

//== Info de nombres et de booléens
Info(1, 2.5, Vrai)
//> 1
//> 2.5
//> 1

//== Info avec RC dans le texte
Info("ligne 1" + RC + "ligne 2")
//> ligne 1
//> ligne 2

//== Info d'une expression
n est un entier = 20
Info("n vaut " + n) //> n vaut 20

//== Info n'écrit rien sur la sortie d'erreur
Info("x") //> x

//== InfoConstruit remplace %1 et %2
InfoConstruit("%1 + %2", 1, 2) //> 1 + 2

//== InfoConstruit : ordre libre et répétition
InfoConstruit("%2-%1-%2", "a", "b") //> b-a-b

//== InfoConstruit : %% donne %
InfoConstruit("%1 %% de remise", 15) //> 15 % de remise

//== InfoConstruit : paramètre manquant remplacé par rien
InfoConstruit("[%1][%2]", "x") //> [x][]

//== InfoConstruit sans accents ni casse
infoconstruit("%1!", "ok") //> ok!

//== InfoConstruit : le format est obligatoire
InfoConstruit() //!! InfoConstruit attend .* paramètres, pas 0

//== Erreur écrit sur la sortie d'erreur
Erreur("x")
//! x

//== Erreur avec plusieurs paramètres : une ligne chacun
Erreur("a", "b")
//! a
//! b

//== Erreur sans paramètre : la dernière erreur
ErreurDéclenche(1, "connexion refusée")
Erreur()
//! connexion refusée

//== Avertissement écrit sur la sortie d'erreur
Avertissement("attention")
//! attention

//== Trace joint ses paramètres par ", "
Trace("a", 1, Vrai, 2.50)
//! a, 1, 1, 2.5

//== Trace et Info se mélangent sans se gêner
Info("sortie")
Trace("trace")
Info("encore")
//> sortie
//! trace
//> encore

//== OuiNon sans terminal : réponse par défaut Oui, annoncée sur la sortie d'erreur
b est un booléen = OuiNon("Continuer ?")
Info(b)
//! Continuer ?
//! (pas de terminal : réponse par défaut « Oui »)
//> 1

//== OuiNon avec Non par défaut
SI OuiNon(Non, "Supprimer ?") ALORS
	Info("supprimé")
SINON
	Info("gardé")
FIN
//! Supprimer ?
//! (pas de terminal : réponse par défaut « Non »)
//> gardé

//== OuiNon sans accents ni casse
SI ouinon(Oui, "Envoyer ?") ALORS Info("envoyé")
//! Envoyer ?
//! (pas de terminal : réponse par défaut « Oui »)
//> envoyé

//== OKAnnuler sans terminal
SI OKAnnuler("Valider ?") ALORS Info("ok")
//! Valider ?
//! (pas de terminal : réponse par défaut « OK »)
//> ok

//== Confirmer sans terminal : Oui par défaut
r est un entier = Confirmer("Enregistrer ?")
Info(r = Oui)
//! Enregistrer ?
//! (pas de terminal : réponse par défaut « Oui »)
//> 1

//== Confirmer avec Annuler par défaut
r est un entier = Confirmer(Annuler, "Enregistrer ?")
Info(r, r = Annuler)
//! Enregistrer ?
//! (pas de terminal : réponse par défaut « Annuler »)
//> 2
//> 1

//== fonction de dialogue inconnue
Infos("x") //!! « Infos » est inconnu
