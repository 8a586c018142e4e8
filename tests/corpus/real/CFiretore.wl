
constant CONST_FIRESTORE_BASE_URL = "https://firestore.googleapis.com/v1/projects/%1/databases/(default)/documents/"

CFiretore est une Classe  
	prive
		 m_sFirestoreUrl est une chaîne
fin

procédure Constructeur(sIdProjet est une chaîne = "")

m_sFirestoreUrl = ChaîneConstruit(CONST_FIRESTORE_BASE_URL, sIdProjet)

procédure Destructeur()

procédure Collection(sCollectionID est une chaîne):CCollection

m_sFirestoreUrl += sCollectionID

RENVOYER new CCollection(m_sFirestoreUrl)
