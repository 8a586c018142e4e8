CGitHubProvider est une Classe hérite CAbstractProvider

fin

procédure Constructeur(stAuthOption est STProviderOauthOptions)

m_eIDProvider											=   CAuth.GitHub

m_ProviderOAuthParamètres..ClientID						=  stAuthOption.sClientID
m_ProviderOAuthParamètres..ClientSecret					=  stAuthOption.sClientSecret
m_ProviderOAuthParamètres..Scope						= stAuthOption.sScope
m_ProviderOAuthParamètres..URLAuth						= "https://github.com/login/oauth/authorize"
m_ProviderOAuthParamètres..URLToken						= "https://github.com/login/oauth/access_token"
m_ProviderOAuthParamètres..URLRedirection				= stAuthOption.sURLRedirection

procédure Destructeur()
