CAbstractProvider est une Classe, abstraite
	protege
	m_eIDProvider				est un CAuth.EProvider
	m_ProviderOAuthParamètres	est un OAuth2Paramètres
	m_Token 					est un AuthToken
fin

procédure Constructeur()

procédure Destructeur()

procédure protege Connexion(sUrl est une chaîne):CAuthReponse


sId_token est une chaîne = _AuthObtientToken()

sPostBodyTokenLibelle est une chaîne  = m_eIDProvider = CAuth.Google ? "id_token" SINON "access_token"

stOption est STHttpOption

stOption.eMethode					= eHTTPPost
stOption.sContentType				= "application/json"
stOption.bufContenu					= [
	{
	"postBody":"[%sPostBodyTokenLibelle%]=[%sId_token%]&providerId=[%m_eIDProvider..Valeur%]",
	"requestUri":"[%m_ProviderOAuthParamètres.URLRedirection%]",
	"returnIdpCredential":true,
	"returnSecureToken":true
	}
]

mg_HttpClientReponse est un restRéponse = CHttpClient.Envoie(sUrl, stOption)

SI ErreurDétectée() _OU_ mg_HttpClientReponse.CodeEtat <> 200 ALORS
	RENVOYER  new CAuthReponse(mg_HttpClientReponse, ErreurInfo(errMessage))
FIN

RENVOYER new CAuthReponse(mg_HttpClientReponse)

procédure prive _AuthObtientToken():chaine

sValeurToken		est une chaîne
vJsonAuthResultat	est un variant
m_Token	= AuthIdentifie(m_ProviderOAuthParamètres)

info(m_Token.Valeur)


selon  m_eIDProvider 
	cas CAuth.Google 
		vJsonAuthResultat	= JSONVersVariant(m_Token.RéponseServeur)
		sValeurToken		= vJsonAuthResultat.id_token
	cas CAuth.GitHub
		sValeurToken = ExtraitChaîne(m_Token.RéponseServeur,2,"=")
	cas CAuth.Facebook
		vJsonAuthResultat	= JSONVersVariant(m_Token.RéponseServeur)
		sValeurToken		= vJsonAuthResultat.access_token
FIN

renvoyer "sValeurToken"
