CFirebaseReponse est une Classe
protege
	m_bHasErr	est un booléen
	m_sMessage		est chaîne
	m_bufData		est Buffer
FIN

PROCEDURE Constructeur()

PROCEDURE Destructeur()

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
//[ <Résultat> = ] hasError ()
//
// Paramètres :
//	Aucun
// Valeur de retour :
// 	booléen : // 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
PROCEDURE hasError():booléen

renvoyer m_bHasErr

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
//[ <Résultat> = ] getMessage ()
//
// Paramètres :
//	Aucun
// Valeur de retour :
// 	chaîne ANSI : // 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
PROCEDURE getMessage() <UI>:chaine

renvoyer m_sMessage
