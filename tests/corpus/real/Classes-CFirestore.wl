CFirestore est une Classe

fin

procédure Constructeur()

procédure Destructeur()

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
// Collection ()
//
// Paramètres :
//	Aucun
// Valeur de retour :
// 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
procédure Collection()
