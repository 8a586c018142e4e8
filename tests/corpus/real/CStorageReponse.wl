STFirebaseStorageReponse est une structure
	name				est une chaîne
	bucket				est une chaîne
	generation			est une chaîne
	metageneration		est une chaîne
	contentType			est une chaîne
	timeCreated			est une DateHeure
	updated				est une DateHeure
	storageClass		est une chaîne
	size				est une chaîne
	md5Hash				est une chaîne
	contentEncoding		est une chaîne
	contentDisposition	est une chaîne
	crc32c				est une chaîne
	etag				est une chaîne
	downloadTokens		est une chaîne
FIN

CStorageReponse est une Classe
prive
	m_sUrl					est une chaîne
	m_eErreurType			est une EErrorType	
	m_bAutorisationRefusée	est une booleen	= Faux
	m_stStorageMetaData		est STFirebaseStorageReponse
fin

procédure Constructeur(oResultat est un httpRéponse = Null, sUrl est une chaîne = "")

m_sUrl = sUrl

SI oResultat = Null ALORS RETOUR

SELON oResultat.CodeEtat 

	CAS  0   
		m_eErreurType = errWindev
		
	CAS 200
		m_eErreurType = errAucune
		Désérialise(m_stStorageMetaData, oResultat.Contenu, psdJSON)
		
	CAS 400 
		m_eErreurType = errFirebase
		
	CAS 403
		m_eErreurType          = errFirebase
		m_bAutorisationRefusée = Vrai
		
FIN

procédure Destructeur()

procédure RécupérerUrlFichier():chaîne

renvoyer URLEncode("[%m_sUrl%]?alt=media&token=[%m_stStorageMetaData.downloadTokens%]")

procédure publique errAccèsRefusé():booléen

renvoyer m_bAutorisationRefusée

procédure publique errType():EErrorType 

RENVOYER m_eErreurType

procédure publique errWindevMessage():chaine

renvoyer "Impossible de contacter le serveur"
