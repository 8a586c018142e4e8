procédure privée SauveConfiguration(stUneConfig est STFirebaseConfig) <métier>

bufContenu est un buffer

Sérialise(stUneConfig, bufContenu, psdJSON)


SauveParamètre(CONST_CONFIG_FIREBASE, bufContenu)

procédure privée RécupèreCleAPI() <métier>:chaine

renvoyer COL_Declarations.gstUneConfigFirebaseGlobale.ApiKey

procédure privée RécupèreProjectID() <métier>:chaine

renvoyer COL_Declarations.gstUneConfigFirebaseGlobale.ProjetId
