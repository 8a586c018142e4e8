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


gMaRequete est un httpRequête
gMaResponse est un httpRéponse
