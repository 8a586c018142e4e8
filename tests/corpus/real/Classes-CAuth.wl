CAuth est une Classe
	// URL de la documentation https://firebase.google.com/docs/reference/rest/auth?hl=fr
	

	constant
		CONST_AUTH_BASE_URL = "https://identitytoolkit.googleapis.com/v1/accounts:%1?key=%2"
	fin	
	
PRIVÉ			
	m_nCodeErreur		est un entier
	m_sMessageErreur	est une chaîne
	m_bufContenu		est un buffer
	m_stUnUserProfil	est STFirebaseAuthProfil
	m_sProfilUserEnCache	est une chaîne	
fin

procédure Constructeur()
m_nCodeErreur	= 0
m_sMessageErreur = ""

VariableRAZ(m_stUnUserProfil)

m_sProfilUserEnCache		= fRepDonnées()+[fSep]+"user_profil.json"

procédure Destructeur()

procédure publique  Inscription(stUserCredential est STUserCredential):(Entier, chaine, STFirebaseAuthProfil)

si stUserCredential.returnSecureToken = Faux  alors  stUserCredential.returnSecureToken = vrai

COL_Declarations.gMaRequete.Méthode		= httpPost
COL_Declarations.gMaRequete.ContentType	= typeMimeJSON
COL_Declarations.gMaRequete.URL			= ConstruitAuthURL(InscriptionURI)

Sérialise(stUserCredential, m_bufContenu, psdJSON)

COL_Declarations.gMaRequete.Contenu		= m_bufContenu

COL_Declarations.gMaResponse	 = HTTPEnvoie(COL_Declarations.gMaRequete)

si ErreurDétectée() ALORS
	m_nCodeErreur = ErreurInfo(errCode)
	m_sMessageErreur = ErreurInfo(errMessage)
FIN

SI COL_Declarations.gMaResponse.CodeEtat <> 200 ALORS
	FireBaseErreur est un json = COL_Declarations.gMaResponse.Contenu
	m_nCodeErreur = COL_Declarations.gMaResponse.CodeEtat
	m_sMessageErreur = FireBaseErreur.error.message
FIN

si m_nCodeErreur = 0 ALORS
	Désérialise(m_stUnUserProfil,COL_Declarations.gMaResponse.Contenu, psdJSON)	
FIN

renvoyer (m_nCodeErreur, m_sMessageErreur, m_stUnUserProfil)

procédure privée ConstruitAuthURL(eURI est E_AuthUIR):chaîne

renvoyer ChaîneConstruit(CONST_AUTH_BASE_URL, eURI..Valeur, COL_Helpers.RécupèreCleAPI())

procédure publique  Connexion(stUserCredential est STUserCredential):(Entier, chaine, STFirebaseAuthProfil)

si stUserCredential.returnSecureToken = Faux  alors  stUserCredential.returnSecureToken = vrai

COL_Declarations.gMaRequete.Méthode		= httpPost
COL_Declarations.gMaRequete.ContentType	= typeMimeJSON
COL_Declarations.gMaRequete.URL			= ConstruitAuthURL(ConnexionURI)

Sérialise(stUserCredential, m_bufContenu, psdJSON)

COL_Declarations.gMaRequete.Contenu		= m_bufContenu

COL_Declarations.gMaResponse	 = HTTPEnvoie(COL_Declarations.gMaRequete)

si ErreurDétectée() ALORS
	m_nCodeErreur = ErreurInfo(errCode)
	m_sMessageErreur = ErreurInfo(errMessage)
FIN

SI COL_Declarations.gMaResponse.CodeEtat <> 200 ALORS
	FireBaseErreur est un Json = COL_Declarations.gMaResponse.Contenu
	m_nCodeErreur = COL_Declarations.gMaResponse.CodeEtat
	m_sMessageErreur = FireBaseErreur.error.message
FIN

si m_nCodeErreur = 0 ALORS
	Désérialise(m_stUnUserProfil,COL_Declarations.gMaResponse.Contenu, psdJSON)	
	SauveProfilUtilisateur()
FIN

renvoyer (m_nCodeErreur, m_sMessageErreur, m_stUnUserProfil)

procédure privée SauveProfilUtilisateur()

sDonnéesUtilisateur est un chaine

m_stUnUserProfil.dateLimiteValide = DateHeureSys()
m_stUnUserProfil.dateLimiteValide.Minute += 50

Sérialise(m_stUnUserProfil, sDonnéesUtilisateur, psdJSON)

fSauveTexte(m_sProfilUserEnCache, sDonnéesUtilisateur)

procédure InfoUtilisateurConnecté():STFirebaseAuthProfil

sUserData est une chaîne 

si fFichierExiste(m_sProfilUserEnCache) ALORS
	sUserData = fChargeTexte(m_sProfilUserEnCache)
FIN

si sUserData <> "" ALORS
	Désérialise(m_stUnUserProfil, sUserData,psdJSON)
FIN


renvoyer m_stUnUserProfil
