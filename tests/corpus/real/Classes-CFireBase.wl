CFireBase est une Classe
	Auth est CAuth
	Storage est CStorage
fin

procédure Constructeur()

si pas InitialiserSDK() ALORS
	Ouvre(FEN_Configuration_projet)
FIN

procédure Destructeur()

procédure privée InitialiserSDK():booléen

bEstInitilisé est un booléen = Vrai

sContenu est une chaîne = ChargeParamètre(CONST_CONFIG_FIREBASE)

si sContenu = "" ALORS
	bEstInitilisé = Faux
	
sinon
	Désérialise(COL_Declarations.gstUneConfigFirebaseGlobale, sContenu, psdJSON)
FIN



renvoyer bEstInitilisé
