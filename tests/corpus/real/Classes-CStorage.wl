CStorage est une Classe
	CONSTANT
		CONST_STORAGE_BASE_URL = "https://firebasestorage.googleapis.com/v0/b/%1.appspot.com/o/"
	FIN
	
PRIVÉ
	m_nCodeErreur		est un entier
	m_sMessageErreur	est une chaîne
	m_stMetaData		est STStorageFileMetaData
fin

procédure Constructeur()
m_nCodeErreur = 0

procédure Destructeur()

procédure privée ConstruitStorageURL():chaîne

renvoyer ChaîneConstruit(CONST_STORAGE_BASE_URL, COL_Helpers.RécupèreProjectID())

procédure privée ConstruitUrlFichier(sNomFichier est une chaîne, sToken est une chaîne)

RENVOYER  ConstruitStorageURL()+ChaîneConstruit("%1?alt=media&token=%2", sNomFichier, sToken)

procédure Upload(sChemainFichier est une chaîne):(entier, chaîne, STStorageFileMetaData)

COL_Declarations.gMaRequete.Méthode		= httpPost
COL_Declarations.gMaRequete.ContentType	= typeMimeJPEG
COL_Declarations.gMaRequete.URL			= ConstruitStorageURL()+fExtraitChemin(sChemainFichier,fExtension+fFichier)

COL_Declarations.gMaRequete.Contenu		= fChargeBuffer(sChemainFichier)

COL_Declarations.gMaResponse			= HTTPEnvoie(COL_Declarations.gMaRequete)

SI ErreurDétectée() ALORS
	m_nCodeErreur		= ErreurInfo(errCode)
	m_sMessageErreur	= ErreurInfo(errMessage)
FIN

SI COL_Declarations.gMaResponse.CodeEtat <> 200 ALORS
	FirebaseStorageErreur est un JSON = COL_Declarations.gMaResponse.Contenu
	m_nCodeErreur		= COL_Declarations.gMaResponse.CodeEtat
	m_sMessageErreur	= FirebaseStorageErreur.error.message
FIN

SI m_nCodeErreur = 0 ALORS
	
	Désérialise(m_stMetaData, COL_Declarations.gMaResponse.Contenu, psdJSON)
	
	m_stMetaData.sUrlFichier = ConstruitUrlFichier(m_stMetaData.name, m_stMetaData.downloadTokens)	
FIN

RENVOYER (m_nCodeErreur, m_sMessageErreur, m_stMetaData)
