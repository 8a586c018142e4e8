// URL de la documentation sur les erreurs https://firebase.google.com/docs/firestore/use-rest-api?hl=fr#error_codes

CONSTANT
	CONST_ARGUMENT_INVALIDE				= "INVALID_ARGUMENT"
	CONST_NONAUTHENTIFIÉ    			= "UNAUTHENTICATED"
	CONST_INDISPONIBLE					= "UNAVAILABLE"
	CONST_QUOTA_EPUISEE			        = "RESOURCE_EXHAUSTED"
	CONST_AUTORISATION_REFUSEE			= "PERMISSION_DENIED"
	
FIN

CFireStoreReponse est une Classe
PRIVÉ 
	m_eErreurType					est une EErrorType
	m_sbErreurWindevMessage			est une chaîne
	m_jsonDonneesDocument			est un json
	m_bErrArgumentInvalide			est un booléen  = faux
	m_bErrNonAuthentifie			est un booléen 	= Faux
	m_bErrIndisponible				est un booléen  = Faux
	m_bErrQuotaEpuisee				est un booléen  = Faux
	m_bErrServeurIndisponible		est un booléen  = Faux
	m_bErrAutorisationRefusee		est un booléen  = Faux
	m_jsonDocumentTemp				est json
fin

procédure Constructeur(ohttpRéponse est un httpRéponse = Null, sExceptionMessage est une chaîne = "")

SI ohttpRéponse = Null ALORS RETOUR

SELON ohttpRéponse.CodeEtat 

	CAS  0   
		m_eErreurType			= errWindev
		m_sbErreurWindevMessage	= sExceptionMessage
		
	CAS 200
		m_eErreurType			= errAucune
		m_jsonDonneesDocument	= ohttpRéponse.Contenu	
		
	CAS 400,403
		m_eErreurType = errFirebase
		vJsonErrResultat est un variant = JSONVersVariant(ohttpRéponse.Contenu)
		
		SELON vJsonErrResultat.error.status
			CAS CONST_ARGUMENT_INVALIDE
				m_bErrArgumentInvalide = Vrai
			CAS CONST_NONAUTHENTIFIÉ
				m_bErrNonAuthentifie = Vrai
			CAS CONST_QUOTA_EPUISEE
				m_bErrQuotaEpuisee = Vrai
			CAS CONST_INDISPONIBLE
				m_bErrServeurIndisponible = Vrai
			CAS CONST_AUTORISATION_REFUSEE
				m_bErrAutorisationRefusee = Vrai

		FIN

		
FIN

procédure Destructeur()

procédure privée _ParcoursMembresEnfant(local sNomMembreParent chaine, jsonMembreEnfant est json, local sNoeudTableau est une chaîne = "")

POUR TOUT UnMembreEnfant DE jsonMembreEnfant..Membre
	SI UnMembreEnfant..Membre..Occurrence = 0 ALORS
		
		{"m_jsonDocumentTemp.[%sNomMembreParent%]", indVariable} = UnMembreEnfant..Valeur
		
		SI sNoeudTableau = EnumTableau..Valeur ALORS 
			{"m_jsonDocumentTemp.[%sNomMembreParent%]", indVariable} = _ConstruireTableauDepuisNœud(UnMembreEnfant..Valeur)
		fin
	SINON
		
		sNomMembreParentTemp	est une chaîne	= UnMembreEnfant..Nom
		sTypeTableau			est une chaîne	= ""
		
		SI UnMembreEnfant..Nom = EnumTableau..Valeur ALORS
			sNomMembreParentTemp	= sNomMembreParent
			sTypeTableau			= EnumTableau..Valeur
		FIN
		
		SI UnMembreEnfant..Nom = EnumObjet..Valeur ALORS
			_ConstruireObjetDepuisNœud(sNomMembreParent, UnMembreEnfant)
		SINON
			_ParcoursMembresEnfant(sNomMembreParentTemp, UnMembreEnfant, sTypeTableau)
		FIN
	FIN
FIN

	PROCÉDURE INTERNE _ConstruireTableauDepuisNœud( jsonMembreTableau)
	
	tabListeDesValeur est un tableau de chaînes
	
	POUR TOUT UneTabEnfant DE jsonMembreTableau
		POUR TOUT x DE UneTabEnfant..Membre
			tabListeDesValeur.Ajoute( x..Valeur)
		FIN
	FIN	
	
	RENVOYER tabListeDesValeur
	FIN
	
	
	PROCÉDURE INTERNE _ConstruireObjetDepuisNœud(LOCAL sNomNoeudParent est une chaîne, jsonMembreObjet)
	sCleNlleObjet est une chaîne
	
	POUR TOUT NoeudCourant DE jsonMembreObjet..Membre
		ParcoursObjet(NoeudCourant)
	FIN
	
	
		PROCÉDURE INTERNE ParcoursObjet(ObjetCourant)
		
		
		POUR TOUT Membre DE ObjetCourant..Membre
			SI Membre..Membre..Occurrence = 0 ALORS
				{"m_jsonDocumentTemp.[%sCleNlleObjet%]", indVariable} =  Membre..Valeur
			SINON
				sCleNlleObjet = sNomNoeudParent+"."+Membre..Nom
				ParcoursObjet( Membre)
			FIN
		FIN
		FIN
	FIN

procédure publique errArgumentInvalide():booléen

renvoyer m_bErrArgumentInvalide

procédure publique errNonAuthentifie():booléen

renvoyer m_bErrNonAuthentifie

procédure publique errIndisponible():booléen

renvoyer m_bErrIndisponible

procédure publique errQuotaEpuisee():booléen

renvoyer m_bErrQuotaEpuisee

procédure publique errType():EErrorType 

RENVOYER m_eErreurType

procédure publique Données():json


POUR TOUT UnMembreDocument de m_jsonDonneesDocument..Membre
	
	SI UnMembreDocument..Membre..Occurrence = 0 ALORS
		SI UnMembreDocument..Nom = "name" ALORS				
			{"m_jsonDocumentTemp.id", indVariable} = ExtraitChaîne(UnMembreDocument..Valeur, 7, "/")			
		SINON
			{"m_jsonDocumentTemp.[%UnMembreDocument..Nom%]", indVariable} = UnMembreDocument..Valeur			
		FIN
	SINON
		
		_ParcoursMembresEnfant(UnMembreDocument..Nom, UnMembreDocument)
		
	FIN
FIN

renvoyer m_jsonDocumentTemp

procédure publique errWindevMessage():chaine

renvoyer m_sbErreurWindevMessage

procédure publique errServeurIndisponible():booléen
renvoyer m_bErrServeurIndisponible

procédure publique errAutorisationRefusee():booléen

renvoyer m_bErrAutorisationRefusee
