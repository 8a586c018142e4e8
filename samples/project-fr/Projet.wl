// Code d'initialisation du projet « Relances » : les variables globales de tout le projet.
// Un projet WINDEV exporté, tel quel : plusieurs fichiers, une inclusion EXTERNE, des
// réglages SMTP lus dans un fichier .INI à côté du programme.
//
//   wlmail run --sandbox samples/project-fr        (le dossier est le projet)
//   wlmail check samples/project-fr
//
// Le code principal est dans Envoi.wl (le seul fichier qui fait plus que déclarer).

EXTERNE "commun\CONSTANTES.wl"      // séparateur Windows, casse différente : trouvé quand même

// Les réglages viennent de config\smtp.ini, à côté de l'exécutable (ici, du projet)
gsFichierIni est une chaîne = fRepExe() + [fSep] + "config\smtp.ini"
gsServeur est une chaîne = INILit("SMTP", "Serveur", "localhost", gsFichierIni)
gnPort est un entier = Val(INILit("SMTP", "Port", "25", gsFichierIni))
gsUtilisateur est une chaîne = INILit("SMTP", "Utilisateur", "", gsFichierIni)
gsMotDePasse est une chaîne = INILit("SMTP", "MotDePasse", "", gsFichierIni)
gsExpéditeur est une chaîne = INILit("Message", "Expéditeur", "", gsFichierIni)
gsDestinataires est une chaîne = INILit("Message", "Destinataires", "", gsFichierIni)
gnEnvoyés est un entier
