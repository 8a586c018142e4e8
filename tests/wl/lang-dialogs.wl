// Fonctions de dialogue dans un terminal (décision 8 ; sans terminal : issue 15) — script en français.

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
InfoConstruit() //!! InfoConstruit attend au moins 1 paramètre, pas 0

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

//== OuiNon sans terminal ni --answer : erreur fatale, jamais un « Oui » silencieux (issue 15)
SI OuiNon("Envoyer ?") ALORS Info("envoyé") //!! OuiNon : pas de terminal pour répondre à « Envoyer \? » ; sans terminal \(cron\), lancez wlmail run --answer non\|oui\|défaut
//exit 70

//== OuiNon sans terminal : QUAND EXCEPTION peut l'attraper
QUAND EXCEPTION DANS
	SI OuiNon("Envoyer ?") ALORS Info("envoyé")
FAIRE
	Info("pas envoyé")
FIN
//> pas envoyé

//== OKAnnuler sans terminal : erreur fatale aussi
SI OKAnnuler("Valider ?") ALORS Info("ok") //!! OKAnnuler : pas de terminal pour répondre à « Valider \? »
//exit 70

//== Confirmer sans terminal : erreur fatale
r est un entier = Confirmer("Enregistrer ?") //!! Confirmer : pas de terminal
//exit 70

//== --answer non : OuiNon répond Non, annoncé sur la sortie d'erreur
//answer no
b est un booléen = OuiNon("Continuer ?")
Info(b)
//! Continuer ?
//! (--answer : réponse « Non »)
//> 0

//== --answer oui : OuiNon répond Oui, même si le script propose Non par défaut
//answer yes
SI OuiNon(Non, "Supprimer ?") ALORS
	Info("supprimé")
SINON
	Info("gardé")
FIN
//! Supprimer ?
//! (--answer : réponse « Oui »)
//> supprimé

//== --answer défaut : la réponse par défaut du script
//answer default
SI ouinon(Non, "Envoyer ?") ALORS Info("envoyé") SINON Info("gardé")
//! Envoyer ?
//! (--answer : réponse « Non »)
//> gardé

//== --answer non : OKAnnuler répond Annuler
//answer no
SI OKAnnuler("Valider ?") ALORS Info("ok") SINON Info("annulé")
//! Valider ?
//! (--answer : réponse « Annuler »)
//> annulé

//== --answer oui : OKAnnuler répond OK
//answer yes
SI OKAnnuler("Valider ?") ALORS Info("ok")
//! Valider ?
//! (--answer : réponse « OK »)
//> ok

//== --answer non : Confirmer répond Non
//answer no
r est un entier = Confirmer("Enregistrer ?")
Info(r = Non)
//! Enregistrer ?
//! (--answer : réponse « Non »)
//> 1

//== --answer défaut : Confirmer avec Annuler par défaut
//answer default
r est un entier = Confirmer(Annuler, "Enregistrer ?")
Info(r, r = Annuler)
//! Enregistrer ?
//! (--answer : réponse « Annuler »)
//> 2
//> 1

//== --answer oui : chaque question est répondue et annoncée
//answer yes
SI OuiNon("Un ?") ET OuiNon("Deux ?") ALORS Info("les deux")
//! Un ?
//! (--answer : réponse « Oui »)
//! Deux ?
//! (--answer : réponse « Oui »)
//> les deux

//== fonction de dialogue inconnue
Infos("x") //!! « Infos » est inconnu
