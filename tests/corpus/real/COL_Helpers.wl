procédure privée SauveConfiguration(stUneConfig est STFirebaseConfig) <métier>

bufContenu est un buffer

Sérialise(stUneConfig, bufContenu, psdJSON)


SauveParamètre(CONST_CONFIG_FIREBASE, bufContenu)
