// Fonctions que les scripts réels appellent autour du courrier (issue 13) et ce qu'un
// interpréteur sans fenêtre ne peut pas faire. Les cas qui écrivent travaillent dans un
// répertoire au nom unique sous fRépertoireTemp() et le suppriment à la fin.

//== INIEcrit puis INILit : valeur, défaut, mots-clés, sections, casse ignorée
sRep est une chaîne = fRépertoireTemp() + fSep() + "wlmail-ini-fr-5d1c"
fRepCrée(sRep)
sIni est une chaîne = sRep + fSep() + "Réglages.ini"
Info(INIEcrit("SMTP", "Serveur", "smtp.exemple.fr", sIni)) //> 1
INIEcrit("SMTP", "Port", 587, sIni)
INIEcrit("Expéditeur", "Adresse", "moi@exemple.fr", sIni)
Info(INILit("smtp", "PORT", "25", sIni)) //> 587
Info(INILit("SMTP", "Absent", "défaut", sIni)) //> défaut
Info(Remplace(INILit("SMTP", "", "", sIni), RC, ","))  //> Serveur,Port
Info(Remplace(INILit("", "", "", sIni), RC, ","))  //> SMTP,Expéditeur
INIEcrit("SMTP", "Port", Null, sIni)
Info(INILit("SMTP", "Port", "supprimé", sIni)) //> supprimé
INIEcrit("Expéditeur", "", "", sIni)
Info(INILit("Expéditeur", "Adresse", "plus de section", sIni)) //> plus de section
Info(fChargeTexte(sIni) = "[SMTP]" + Caract(10) + "Serveur=smtp.exemple.fr" + Caract(10)) //> 1
fSupprime(sIni)
fRepSupprime(sRep)

//== INILit sans fichier : la valeur « non trouvé » ; INIEcrit sans fichier : Faux
Info(INILit("SMTP", "Port", "25")) //> 25
Info(INIEcrit("SMTP", "Port", "25"), ErreurDétectée) //> 0
//> 1

//== fListeFichier : liste, procédure appelée pour chaque fichier, récursif
sRep est une chaîne = fRépertoireTemp() + fSep() + "wlmail-liste-fr-5d1c"
fRepCrée(sRep + fSep() + "sous")
fSauveTexte(sRep + fSep() + "a.txt", "a")
fSauveTexte(sRep + fSep() + "b.TXT", "b")
fSauveTexte(sRep + fSep() + "c.log", "c")
fSauveTexte(sRep + fSep() + "sous" + fSep() + "d.txt", "d")
sListe est une chaîne = fListeFichier(sRep + fSep() + "*.txt")
Info(Remplace(sListe, sRep + fSep(), "")) //> a.txt
//> b.TXT
Info(fListeFichier(sRep + fSep() + "*.txt", Vu, "!")) //> 2
Info(fListeFichier(sRep + fSep() + "*.txt", frRécursif) [=] "d.txt") //> 1
POUR TOUT CHAÎNE s DE fListeFichier(sRep + fSep() + "*.*", frRécursif) SÉPARÉE PAR RC
	fSupprime(s)
FIN
fRepSupprime(sRep + fSep() + "sous")
fRepSupprime(sRep)
Info(fRepExiste(sRep)) //> 0
PROCÉDURE Vu(sComplet, sNom, sParam)
Trace(sNom + sParam) //! a.txt!
//! b.TXT!
RENVOYER Vrai

//== Contient
Info(Contient("Bonjour le monde", "LE", SansCasse), Contient("abc", "x"), Contient("abc", ["x", "b"]))
//> 1
//> 0
//> 1

//== DateHeureDifférence : 16 caractères, jours sur 8 chiffres
Info(DateHeureDifférence("199801011215", "199801021316")) //> 0000000101010000
Info(DateHeureDifférence("20240102", "20240101")) //> -000000100000000
s est une chaîne = DateHeureDifférence("20240101", "20240311123000")
Info(Gauche(s, 8) + " jours, " + Milieu(s, 9, 2) + " h " + Milieu(s, 11, 2)) //> 00000070 jours, 12 h 30

//== EntierVersDate et son format
Info(EntierVersDate(1)) //> 18000101
Info(EntierVersDate(DateVersEntier("20240229"), "JJ/MM/AAAA")) //> 29/02/2024

//== ExeInfo : le script est l'exécutable
Info(ExeInfo(exeRépertoire) = fRepExe(), fExtraitChemin(ExeInfo(exeNom), fFichier + fExtension))
//> 1
//> case.wl
Info("[" + ExeInfo(exeVersion) + "]") //> []

//== FinProgramme : la fin normale, avec son code de sortie
Info("avant")
Arrête()
Info("jamais")
PROCÉDURE Arrête()
QUAND EXCEPTION DANS
	FinProgramme(3)
FAIRE
	Info("pas une exception")
FIN
//> avant
//exit 3

//== FinProgramme : code de sortie hors limites
FinProgramme(300) //!! FinProgramme : le code de sortie doit être entre 0 et 255

//== EmailImporteHTML : les images locales deviennent des parties inline
sRep est une chaîne = fRépertoireTemp() + fSep() + "wlmail-html-fr-5d1c"
fRepCrée(sRep)
fSauveTexte(sRep + fSep() + "logo.png", "PNG")
m est un Email
Info(EmailImporteHTML(m, "<img src=""logo.png""><a href=""https://x/y.png"">y</a>", sRep))
Info(m.HTML)
Info(m.Attache[1].Nom, m.Attache[1].Identifiant, TableauOccurrence(m.Attache))
Info(EmailImporteHTML(m, "<img src='absent.png'>", sRep), ErreurInfo(errMessage))
fSupprime(sRep + fSep() + "logo.png")
fRepSupprime(sRep)
//> 1
//> <img src="cid:1.logo.png"><a href="https://x/y.png">y</a>
//> logo.png
//> 1.logo.png
//> 1
//> 0
//> EmailImporteHTML : image « absent.png » illisible (No such file or directory)

//== Une fonction de fenêtre arrête le script avec sa famille
Info("avant") //> avant
Saisie("Nom ?", s) //!! « Saisie » : interface \(non disponible dans wlmail\)

//== Un champ de fenêtre aussi
SAI_Nom = "Dupont" //!! « SAI_Nom » : interface

//== HFSQL
HLitPremier(Client) //!! « HLitPremier » : HFSQL \(non disponible\)

//== Un fichier de données HFSQL nommé par HLitPremier est HFSQL ailleurs aussi
QUAND EXCEPTION DANS
	HLitPremier(Client)
FAIRE
	Info(ExceptionInfo())
FIN
Info(Client.Nom) //!! « Client » : HFSQL \(non disponible\)
//> « HLitPremier » : HFSQL (non disponible)

//== EXTERNE nom : une variable qui existe à l'exécution
EXTERNE gsJeton
Info("[" + gsJeton + "]") //> []

//== EXTERNE "fichier" hors d'un projet (le texte seul, sans wlmail run)
EXTERNE "commun.wl" //!! EXTERNE « commun.wl » : un fichier n'est inclus que par wlmail run

//== Externe reste un nom de procédure
Externe() //> p
PROCÉDURE Externe()
Info("p")

//== Un caractère inattendu est montré à sa colonne, pas au blanc avant lui
x est un entier
x =	¤ 1 //!! caractère inattendu '¤'
