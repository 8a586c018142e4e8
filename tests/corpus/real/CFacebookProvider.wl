CFacebookProvider est une Classe hérite CAbstractProvider

fin

procédure Constructeur(stAuthOption est STProviderOauthOptions)


m_eIDProvider											=   CAuth.Facebook

m_ProviderOAuthParamètres..ClientID						= stAuthOption.sClientID
m_ProviderOAuthParamètres..ClientSecret					= stAuthOption.sClientSecret
m_ProviderOAuthParamètres..Scope						= stAuthOption.sScope
m_ProviderOAuthParamètres..URLAuth						= "https://www.facebook.com/dialog/oauth"
m_ProviderOAuthParamètres..URLToken						= "https://graph.facebook.com/v2.3/oauth/access_token"
m_ProviderOAuthParamètres..URLRedirection				= stAuthOption.sURLRedirection

procédure Destructeur()
