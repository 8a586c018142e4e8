CStorage est une Classe
	CONSTANT
		CONST_STORAGE_BASE_URL = "https://firebasestorage.googleapis.com/v0/b/%1.firebasestorage.app/o/"
	FIN
	prive
		m_sStorageUrl est une chaîne
fin

procédure Constructeur(sIdProjet est une chaîne = "")

m_sStorageUrl = ChaîneConstruit(CONST_STORAGE_BASE_URL, sIdProjet)

procédure Destructeur()

procédure downloadFile(sChemainFichier est une chaîne)

m_sStorageUrl += fExtraitChemin(sChemainFichier,fExtension+fFichier)

stoption est STHttpOption

stoption.eMethode					= eHTTPPost
stoption.sContentType				= "application/octet-stream"
stoption.bufContenu					= fChargeBuffer(sChemainFichier)
stoption.taEntête["Authorization"]	= "Bearer "+CAuth.ExposeToken


m_HttpClientReponse est un restRéponse = CHttpClient.Envoie(m_sStorageUrl, stoption)

RENVOYER  new CStorageReponse(m_HttpClientReponse, m_sStorageUrl)
