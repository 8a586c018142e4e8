CFirebase est une Classe
	
fin

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
//Constructeur ()
//
// Paramètres :
//	Aucun
// Valeur de retour :
// 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
//	stUneConfig (STFirebaseConfig) : <indiquez ici le rôle de stUneConfig>
procédure Constructeur()

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
// Destructeur ()
//
// Paramètres :
//	Aucun
// Valeur de retour :
// 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
procédure Destructeur()

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
//[ <Résultat> = ] Auth ()
//
// Paramètres :
//	Aucun
// Valeur de retour :
// 	CAuth : // 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
PROCEDURE Auth() <métier>:cauth

renvoyer new CAuth
