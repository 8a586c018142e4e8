// Code d'initialisation du projet « Relances » : les variables globales de tout le projet.
// Un projet WINDEV exporté, tel quel : plusieurs fichiers, une inclusion EXTERNE, des
// réglages SMTP lus dans un fichier .INI à côté du programme, deux classes (CRapport.wl,
// CRapportUrgent.wl) et du code compilé selon la configuration (<COMPILE SI>).
//
//   wlmail run --sandbox samples/project-fr        (le dossier est le projet)
//   wlmail check samples/project-fr
//
// Le code principal est dans Envoi.wl (le seul fichier qui fait plus que déclarer).

EXTERNE "commun\CONSTANTES.wl"      // séparateur Windows, casse différente : trouvé quand même

// Les réglages viennent de config\smtp.ini, à côté de l'exécutable (ici, du projet) ; la
// configuration de test (wlmail run --configuration Test …) lit la section [SMTP-test]
gsFichierIni est une chaîne = fRepExe() + [fSep] + "config\smtp.ini"
<COMPILE SI TypeConfiguration = Test>
gsSection est une chaîne = "SMTP-test"
<SINON>
gsSection est une chaîne = "SMTP"
<FIN>
gsServeur est une chaîne = INILit(gsSection, "Serveur", "localhost", gsFichierIni)
gnPort est un entier = Val(INILit(gsSection, "Port", "25", gsFichierIni))
gsUtilisateur est une chaîne = INILit(gsSection, "Utilisateur", "", gsFichierIni)
gsMotDePasse est une chaîne = INILit(gsSection, "MotDePasse", "", gsFichierIni)
gsExpéditeur est une chaîne = INILit("Message", "Expéditeur", "", gsFichierIni)
gsDestinataires est une chaîne = INILit("Message", "Destinataires", "", gsFichierIni)
gsUrgents est une chaîne = INILit("Message", "Urgents", "", gsFichierIni)
gnEnvoyés est un entier
