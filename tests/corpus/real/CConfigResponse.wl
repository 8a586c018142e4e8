CConfigResponse est une Classe herite CFirebaseReponse
PRIVÉ
GLOBAL
	mg_pclInstance      est CFireBase dynamique
FIN

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
// Constructeur ()
//
// Paramètres :
//	Aucun
// Valeur de retour :
// 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
PROCEDURE Constructeur()

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
PROCEDURE Destructeur()

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
//setError (<sErrorMessage> est chaîne)
//
// Paramètres :
//	sErrorMessage (chaîne ANSI) : <indiquez ici le rôle de sErrorMessage>
// Valeur de retour :
// 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
//	eErreurType (COL_Declarations.EErrorType) : <indiquez ici le rôle de eType>
PROCEDURE setError(local sErrorMessage est chaîne) <UI>

m_bHasErr = Vrai
m_sMessage	 = sErrorMessage

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
//setSuccess (<clInstance> est CFireBase)
//
// Paramètres :
//	clInstance (CFireBase) : <indiquez ici le rôle de clPclInstance>
// Valeur de retour :
// 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
PROCEDURE setSuccess(local clInstance est CFireBase) <UI>

m_bHasErr = Faux
mg_pclInstance			= clInstance

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
// [ <Résultat> = ] getInstance ()
//
// Paramètres :
//	Aucun
// Valeur de retour :
// 	CFireBase : <indiquez ici les valeurs possibles ainsi que leur interprétation>
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
PROCÉDURE getInstance() : CFireBase

RENVOYER mg_pclInstance
