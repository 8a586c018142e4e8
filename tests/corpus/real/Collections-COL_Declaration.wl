constant
 CONST_CONFIG_FIREBASE = "CONST_CONFIG_FIREBASE"
fin


STFirebaseConfig est une structure
	ApiKey			est une chaîne
	ProjetId		est une chaîne
	StorageBucket	est une chaîne
fin

gstUneFirebaseConfigGlobale est STFirebaseConfig


STUserCredential est une structure
	email est chaine
	password est une chaîne
	returnSecureToken est un booléen
fin

E_AuthURI est une énumération
	InscriptionURI = "signUp"
	ConnexionURI = "signInWithPassword"
fin


STAuthUser est une structure
	localId			est une chaîne
	email			est une chaîne
	displayName		est une chaîne
	idToken			est une chaîne
	registered		est un booléen
	refreshToken	est une chaîne
	expiresIn		est une chaîne
	dateLimiteValidée est une dateheure
FIN





gMaRequete est un httpRequête
gMaResponse est un httpRéponse


gsProfilUtilisateurEnCache est une chaîne = fRepDonnées()+[fSep]+"user_profil.json"
