CONSTANT
	CONST_INI_SECTION		= "FIREBASECONFIG"
	CONST_FICHIER_CONFIG	= "firebaseConfig.INI"
FIN	

CFirebaseApp est une Classe
prive 
	global
	m_sConfigFilePath est chaîne
	m_gclResponse est CConfigResponse
FIN

PROCEDURE prive Constructeur()

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
// [ <Résultat> = ] initializeApp ( [<sConfigPath> est chaîne])
//
// Paramètres :
//	sConfigPath (chaîne ANSI) : <indiquez ici le rôle de sConfigPath>
// Valeur de retour :
// 	CConfigResponse : <indiquez ici les valeurs possibles ainsi que leur interprétation>
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
PROCEDURE PUBLIQUE GLOBALE initializeApp(local sConfigPath est une chaîne = ""):CConfigResponse

m_sConfigFilePath = sConfigPath

SI sConfigPath = "" ALORS
	m_sConfigFilePath = fRepEnCours() + fSep() + CONST_FICHIER_CONFIG
FIN

SI pas fFichierExiste(m_sConfigFilePath) ALORS 
	m_gclResponse.setError("Fichier de configuration Firebase introuvable : " + m_sConfigFilePath)
FIN

si _loadConfiguration()	 ALORS
	m_gclResponse.setSuccess(new CFireBase)
fin

renvoyer m_gclResponse

PROCEDURE PRIVÉE global _loadConfiguration():booléen

tabConfigKeys	est un tableau de chaînes	= [CONST_API_KEY, CONST_STORAGE_BUCKET, CONST_PROJET_ID]

bSucces			est un booléen				= Vrai

POUR TOUT sOneKey DE tabConfigKeys
	sValeurConfig est chaîne	= INILit(CONST_INI_SECTION, sOneKey, "", m_sConfigFilePath)
	
	SI sValeurConfig = "" ALORS
		bSucces = Faux
		m_gclResponse.setError("Configuration Firebase incomplète : paramètre [%sOneKey%] manquant")
	FIN
	
	COL_Declarations.gtaGlobalCache[sOneKey] = sValeurConfig
FIN	

RENVOYER bSucces
