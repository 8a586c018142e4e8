constant
	CONST_EMAIL_NOT_FOUND			= "EMAIL_NOT_FOUND"
	CONST_EMAIL_EXISTS				= "EMAIL_EXISTS"
	CONST_INVALID_PASSWORD			= "INVALID_PASSWORD"
	CONST_USER_DISABLED				= "USER_DISABLED"
	CONST_PASSWORD_LOGIN_DISABLED	= "PASSWORD_LOGIN_DISABLED"
	CONST_OPERATION_NOT_ALLOWED		= "OPERATION_NOT_ALLOWED"
	CONST_INVALID_ID_TOKEN			= "INVALID_ID_TOKEN"
	CONST_INVALID_IDP_RESPONSE		= "INVALID_IDP_RESPONSE"
	CONST_ADMIN_ONLY_OPERATION		= "ADMIN_ONLY_OPERATION"
fin

CAuthReponse est une Classe herite CFirebaseReponse
	prive 
	m_bufUserData	est un buffer
fin

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
// Constructeur ( [<oResultat> est httpRéponse [, <sExceptionMessage> est chaîne]])
//
// Paramètres :
// 	oResultat (httpRéponse - valeur par défaut=0) : <indiquez ici le rôle de oResultat>
//	sExceptionMessage (chaîne ANSI) : <indiquez ici le rôle de sExceptionMessage>
// Valeur de retour :
// 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
procédure Constructeur(oResultat est un httpRéponse = null, sExceptionMessage est une chaîne = "")

si oResultat = Null ALORS retour

selon oResultat.CodeEtat 

	cas  0   
		m_bHasErr	= Vrai
		m_sMessage	= sExceptionMessage
		
	cas 200
		m_bHasErr	= Faux
		m_bufUserData	= oResultat.Contenu	
		
	cas 400 
		m_bHasErr = Vrai
		vJsonErrResultat est un variant = JSONVersVariant(oResultat.Contenu)
		
		SELON vJsonErrResultat.error.message
			CAS CONST_EMAIL_NOT_FOUND  : m_sMessage = "[%CONST_EMAIL_NOT_FOUND%] : Il n'existe aucun utilisateur correspondant à cet identifiant. L'utilisateur a peut-être été supprimé."				
			CAS CONST_EMAIL_EXISTS 	   : m_sMessage = "[%CONST_EMAIL_EXISTS%] : L'adresse e-mail fournie est déjà utilisée par un utilisateur."	
			CAS CONST_INVALID_PASSWORD : m_sMessage = "[%CONST_INVALID_PASSWORD%] : La valeur fournie pour la propriété utilisateur password n'est pas valide. Il doit s'agir d'une chaîne d'au moins six caractères."
			CAS CONST_USER_DISABLED    : m_sMessage = "[%CONST_USER_DISABLED%] : Le compte utilisateur a été désactivé par un administrateur."
			CAS CONST_PASSWORD_LOGIN_DISABLED : m_sMessage = "[%CONST_PASSWORD_LOGIN_DISABLED%] : La connexion par mot de passe est désactivée pour ce projet."
			CAS CONST_OPERATION_NOT_ALLOWED : m_sMessage = "[%CONST_OPERATION_NOT_ALLOWED%] : La connexion via le fournisseur actuel est désactivée pour ce projet."
			CAS CONST_INVALID_ID_TOKEN : m_sMessage = "[%CONST_INVALID_ID_TOKEN%] : Identifiant de l'utilisateur ne sont plus valides. L'utilisateur doit se reconnecter."
			CAS CONST_ADMIN_ONLY_OPERATION : m_sMessage = "[%CONST_ADMIN_ONLY_OPERATION%] : La connexion anonyme est désactivée pour ce projet."
			CAS CONST_INVALID_IDP_RESPONSE : m_sMessage = "[%CONST_INVALID_IDP_RESPONSE%] : "
			autre cas : m_sMessage = "Erreur Firebase : réponse JSON invalide ou manquante."
		FIN	
	autres CAS 
		m_bHasErr	= Vrai
		m_sMessage	= "Erreur HTTP inattendue : "
FIN

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
//[ <Résultat> = ] getUser ()
//
// Paramètres :
//	Aucun
// Valeur de retour :
// 	buffer : // 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
PROCEDURE getUser() <métier>:buffer

renvoyer m_bufUserData
