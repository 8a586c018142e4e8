

EcranVersSource()

(nCodeErreur, sMessageErreur, stUnProfil) = gclInstanceFirebase.Auth.Connexion(stCredential) 

si nCodeErreur <> 0 ALORS
	Info(sMessageErreur)
	retour
FIN

info("connexion effectuée avec succès", stUnProfil.localId)


stUnProfil = gclInstanceFirebase.Auth.InfoUtilisateurConnecté()

info(stUnprofil.email)


EcranVersSource()
(nCodeErreur, sMessageErreur, stUnProfil) = gclInstanceFirebase.Auth.Inscription(stCredential)

si nCodeErreur <> 0 ALORS
	info(sMessageErreur)
	retour
FIN

Info("Inscription effectuée avec succès", stUnProfil.kind)

sFichier est une chaîne

// Ouvre le sélecteur d'images
sFichier = fSélecteurImage("", "", "Sélectionnez une image...")


si sFichier <> "" ALORS
	(nCodeErreur, sMessageErreur, gstInfoFichier) = gclInstanceFirebase.Storage.Upload(sFichier)	
FIN



SI nCodeErreur <> 0 ALORS
	Info(sMessageErreur)
	RETOUR
FIN

trace(gstInfoFichier.sUrlFichier)

PROCEDURE MaFenêtre()



stCredential est STUserCredential

nCodeErreur		est un entier
sMessageErreur	est une chaîne
stUnProfil		est STFirebaseAuthProfil
gstInfoFichier est STStorageFileMetaData


SAI_Email	= "firebase@exemple.com"
SAI_Mdp		= "test1234"

FEN_Test..Plan = 1
