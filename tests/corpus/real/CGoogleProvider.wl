CGoogleProvider est une Classe hérite CAbstractProvider

fin

procédure Constructeur(stAuthOption est STProviderOauthOptions)

m_eIDProvider =  CAuth.Google

m_ProviderOAuthParamètres..ClientID						= stAuthOption.sClientID
m_ProviderOAuthParamètres..ClientSecret					= stAuthOption.sClientSecret
m_ProviderOAuthParamètres..Scope						= stAuthOption.sScope
m_ProviderOAuthParamètres..URLAuth						= "https://accounts.google.com/o/oauth2/auth"
m_ProviderOAuthParamètres..URLToken						= "https://accounts.google.com/o/oauth2/token"
m_ProviderOAuthParamètres..URLRedirection				= stAuthOption.sURLRedirection

procédure Destructeur()
