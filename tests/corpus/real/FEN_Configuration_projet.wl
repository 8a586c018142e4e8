
sFichier est une chaîne
ConfigBrut		est json
stUneConfig  est STFirebaseConfig

// Ouvre le sélecteur de fichiers
sFichier = fSélecteur("", "", "Sélectionnez un fichier...", "Fichiers JSON" + TAB + "*.json*", "*.json*")

si sFichier = "" ALORS
	Erreur("Veuillez importer le fichier de configuration de Firebase, s'il vous plaît.")
	retour
FIN

ConfigBrut	= fChargeTexte(sFichier)

si ConfigBrut.project_info.project_id = "" _ou_ ConfigBrut.client[1].api_key[1].current_key = "" _ou_ ConfigBrut.project_info.storage_bucket ALORS
	Erreur("Une ou plusieurs clés de configuration ne sont pas valides. Veuillez vérifier les clés de configuration.")
	RETOUR
FIN

stUneConfig.ProjetId			= ConfigBrut.project_info.project_id
stUneConfig.ApiKey				= ConfigBrut.client[1].api_key[1].current_key
stUneConfig.StorageBucket		= ConfigBrut.project_info.storage_bucket	

COL_Helpers.SauveConfiguration(stUneConfig)

Info("Configuration effectuée avec succès")	


Ferme()

PROCEDURE MaFenêtre()
