constant
	CONST_CONFIG_FIREBASE = "CONST_CONFIG_FIREBASE"
fin


STFirebaseConfig est une structure
	ApiKey			est une chaîne
	ProjetId		est une chaîne
	StorageBucket	est une chaîne
fin

gstUneConfigFirebaseGlobale	est STFirebaseConfig

STUserCredential			est une structure
	email				est chaine
	password			est une chaîne
	returnSecureToken	est un booléen
fin



E_AuthUIR est une Enumération
	InscriptionURI		= "signUp"
	ConnexionURI		= "signInWithPassword"
FIN

STFirebaseAuthProfil est une structure
	kind				est une chaîne
	localId				est une chaîne
	email				est une chaîne
	displayName			est une chaîne
	idToken				est une chaîne
	registered			est un booléen
	expiresIn			est une chaîne
	dateLimiteValide	est une dateheure
FIN

STStorageFileMetaData est une Structure
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
	sUrlFichier          est une chaîne
FIN

gMaRequete				est un httpRequête
gMaResponse				est un httpRéponse
