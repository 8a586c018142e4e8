// Fonctions de fichiers (stdlib/functions-files.toml). Les cas qui écrivent travaillent dans un
// répertoire au nom unique sous fRépertoireTemp() et le suppriment à la fin.

//== fChargeTexte d'un fichier absent : "" et erreur non fatale
s est une chaîne = fChargeTexte("wlmail-absent-7f3e.txt")
Info("[" + s + "]", ErreurDétectée, ErreurInfo(errMessage))
//> []
//> 1
//> fichier « wlmail-absent-7f3e.txt » introuvable

//== fChargeTexte d'un fichier absent : le script continue
SI fChargeTexte("wlmail-absent-7f3e.txt") = "" ET ErreurDétectée ALORS
	Info("absent")
FIN
Info("suite") //> absent
//> suite

//== fChargeTexte d'un chemin vide
Info("[" + fChargeTexte("") + "]", ErreurInfo(errMessage))
//> []
//> chemin de fichier vide

//== fChargeTexte d'un répertoire : erreur non fatale
s est une chaîne = fChargeTexte(fRépertoireTemp())
Info(s = "", ErreurDétectée, Position(ErreurInfo(errMessage), "n'est pas un fichier") > 0)
//> 1
//> 1
//> 1

//== fChargeBuffer d'un fichier absent : buffer vide
b est un buffer = fChargeBuffer("wlmail-absent-7f3e.bin")
Info(Taille(b), ErreurDétectée)
//> 0
//> 1

//== fTaille d'un fichier absent : -1
Info(fTaille("wlmail-absent-7f3e.txt"), ErreurDétectée)
//> -1
//> 1

//== fSupprime, fCopieFichier, fRenomme d'un fichier absent : Faux
Info(fSupprime("wlmail-absent-7f3e.txt"), fCopieFichier("wlmail-absent-7f3e.txt", "wlmail-copie.txt"), fRenomme("wlmail-absent-7f3e.txt", "wlmail-x.txt"))
//> 0
//> 0
//> 0

//== fFichierExiste et fRépertoireExiste d'un chemin absent
Info(fFichierExiste("wlmail-absent-7f3e.txt"), fRépertoireExiste("wlmail-absent-7f3e"), fFichierExiste(""))
//> 0
//> 0
//> 0

//== fSauveTexte dans un répertoire absent : Faux
Info(fSauveTexte("wlmail-absent-7f3e/sous/f.txt", "x"), ErreurDétectée)
//> 0
//> 1

//== fRepSupprime d'un répertoire absent : Faux
Info(fRepSupprime("wlmail-absent-7f3e"), ErreurDétectée)
//> 0
//> 1

//== une fonction de fichier réussie efface ErreurDétectée
s est une chaîne = fChargeTexte("wlmail-absent-7f3e.txt")
Info(ErreurDétectée, fRépertoireExiste(fRépertoireTemp()), fTaille("wlmail-absent-7f3e.txt") = -1, fRepCrée(fRépertoireTemp()), ErreurDétectée)
//> 1
//> 1
//> 1
//> 1
//> 0

//== fSauveTexte, fChargeTexte, fAjouteTexte, fTaille, fSupprime
sRep est une chaîne = fRépertoireTemp() + fSep() + "wlmail-" + Hasard(100000, 999999) + "-" + HeureVersEntier(HeureSys())
sFic est une chaîne = sRep + fSep() + "note.txt"
Info(fRepCrée(sRep), fSauveTexte(sFic, "ligne 1" + RC + "été"), fFichierExiste(sFic))
Info(fChargeTexte(sFic) = "ligne 1" + RC + "été", fTaille(sFic))
Info(fAjouteTexte(sFic, RC + "fin"), ExtraitChaîne(fChargeTexte(sFic), 3, RC))
Info(fSupprime(sFic), fFichierExiste(sFic), fRepSupprime(sRep), fRépertoireExiste(sRep))
//> 1
//> 1
//> 1
//> 1
//> 14
//> 1
//> fin
//> 1
//> 0
//> 1
//> 0

//== chemins écrits avec des barres obliques inverses
sRep est une chaîne = fRépertoireTemp() + fSep() + "wlmail-" + Hasard(100000, 999999) + "-" + HeureVersEntier(HeureSys())
Info(fRepCrée(sRep + "\a\b"), fRépertoireExiste(sRep + "/a/b"), fSauveTexte(sRep + "\a\b\x.txt", "ok"))
Info(fChargeTexte(sRep + "/a/b/x.txt"))
Info(fSupprime(sRep + "\a\b\x.txt"), fRepSupprime(sRep + "\a\b"), fRepSupprime(sRep + "\a"), fRepSupprime(sRep))
//> 1
//> 1
//> 1
//> ok
//> 1
//> 1
//> 1
//> 1

//== fRepSupprime d'un répertoire non vide : Faux
sRep est une chaîne = fRépertoireTemp() + fSep() + "wlmail-" + Hasard(100000, 999999) + "-" + HeureVersEntier(HeureSys())
fRepCrée(sRep)
fSauveTexte(sRep + "/f.txt", "x")
Info(fRepSupprime(sRep), ErreurDétectée)
Info(fSupprime(sRep + "/f.txt"), fRepSupprime(sRep))
//> 0
//> 1
//> 1
//> 1

//== fCopieFichier, fRenomme, fDéplaceFichier
sRep est une chaîne = fRépertoireTemp() + fSep() + "wlmail-" + Hasard(100000, 999999) + "-" + HeureVersEntier(HeureSys())
fRepCrée(sRep + "/dest")
fSauveTexte(sRep + "/a.txt", "contenu")
Info(fCopieFichier(sRep + "/a.txt", sRep + "/b.txt"), fChargeTexte(sRep + "/b.txt"))
Info(fCopieFichier(sRep + "/a.txt", sRep + "/dest"), fFichierExiste(sRep + "/dest/a.txt"))
Info(fRenomme(sRep + "/b.txt", sRep + "/c.txt"), fFichierExiste(sRep + "/b.txt"), fFichierExiste(sRep + "/c.txt"))
Info(fRenomme(sRep + "/c.txt", sRep + "/a.txt"), Position(ErreurInfo(errMessage), "existe déjà") > 0)
Info(fDéplaceFichier(sRep + "/c.txt", sRep + "/dest/d.txt"), fFichierExiste(sRep + "/c.txt"))
Info(fSupprime(sRep + "/a.txt"), fSupprime(sRep + "/dest/a.txt"), fSupprime(sRep + "/dest/d.txt"))
Info(fRepSupprime(sRep + "/dest"), fRepSupprime(sRep))
//> 1
//> contenu
//> 1
//> 1
//> 1
//> 0
//> 1
//> 0
//> 1
//> 1
//> 0
//> 1
//> 1
//> 1
//> 1
//> 1

//== encodages : foAnsi, foUnicode, foUTF8, UTF-8 par défaut
sRep est une chaîne = fRépertoireTemp() + fSep() + "wlmail-" + Hasard(100000, 999999) + "-" + HeureVersEntier(HeureSys())
fRepCrée(sRep)
sFic est une chaîne = sRep + "/e.txt"
fSauveTexte(sFic, "été")
Info(fTaille(sFic), fChargeTexte(sFic))
fSauveTexte(sFic, "été", foAnsi)
Info(fTaille(sFic), fChargeTexte(sFic))
fSauveTexte(sFic, "été", foUnicode)
Info(fTaille(sFic), fChargeTexte(sFic))
fSauveTexte(sFic, "été", foUTF8)
Info(fTaille(sFic), fChargeTexte(sFic))
Info(fSupprime(sFic), fRepSupprime(sRep))
//> 5
//> été
//> 3
//> été
//> 8
//> été
//> 8
//> été
//> 1
//> 1

//== fSauveBuffer et fChargeBuffer
sRep est une chaîne = fRépertoireTemp() + fSep() + "wlmail-" + Hasard(100000, 999999) + "-" + HeureVersEntier(HeureSys())
fRepCrée(sRep)
Info(fSauveBuffer(sRep + "/b.bin", ChaîneVersUTF8("Noël")), fTaille(sRep + "/b.bin"))
b est un buffer = fChargeBuffer(sRep + "/b.bin")
Info(Taille(b), UTF8VersChaîne(b))
Info(fSupprime(sRep + "/b.bin"), fRepSupprime(sRep))
//> 1
//> 5
//> 5
//> Noël
//> 1
//> 1

//== fAjouteTexte crée le fichier absent
sRep est une chaîne = fRépertoireTemp() + fSep() + "wlmail-" + Hasard(100000, 999999) + "-" + HeureVersEntier(HeureSys())
fRepCrée(sRep)
Info(fAjouteTexte(sRep + "/log.txt", "a"), fAjouteTexte(sRep + "/log.txt", "b"), fChargeTexte(sRep + "/log.txt"))
Info(fSupprime(sRep + "/log.txt"), fRepSupprime(sRep))
//> 1
//> 1
//> ab
//> 1
//> 1

//== fRepCrée d'un répertoire existant : Vrai
Info(fRepCrée(fRépertoireTemp()), ErreurDétectée)
//> 1
//> 0

//== fExtraitChemin : disque, répertoire, fichier, extension
sChemin est une chaîne = "C:\Temp\Mes docs\lettre.v2.txt"
Info(fExtraitChemin(sChemin, fDisque), fExtraitChemin(sChemin, fRépertoire), fExtraitChemin(sChemin, fFichier), fExtraitChemin(sChemin, fExtension))
//> C:
//> \Temp\Mes docs\
//> lettre.v2
//> .txt

//== fExtraitChemin : parties cumulées
sChemin est une chaîne = "C:\Temp\lettre.txt"
Info(fExtraitChemin(sChemin, fDisque + fRépertoire), fExtraitChemin(sChemin, fFichier + fExtension), fExtraitChemin(sChemin, fDisque + fRépertoire + fFichier) + ".pdf")
//> C:\Temp\
//> lettre.txt
//> C:\Temp\lettre.pdf

//== fExtraitChemin d'un chemin Linux
Info(fExtraitChemin("/home/u/x.tar.gz", fRépertoire), fExtraitChemin("/home/u/x.tar.gz", fExtension), "[" + fExtraitChemin("/home/u/x", fDisque) + "]")
//> /home/u/
//> .gz
//> []

//== fExtraitChemin sans répertoire ni extension
Info("[" + fExtraitChemin("readme", fExtension) + "]", fExtraitChemin("readme", fFichier), "[" + fExtraitChemin("readme", fRépertoire) + "]")
//> []
//> readme
//> []

//== fExtraitChemin d'un chemin réseau
Info(fExtraitChemin("\\serveur\partage\doc.pdf", fDisque), fExtraitChemin("\\serveur\partage\doc.pdf", fRépertoire))
//> \\serveur\partage
//> \

//== fRepExe : répertoire du script ; fRepEnCours ; fSep
Info(fRepExe() = fRepEnCours(), Taille(fSep()), fRépertoireExiste(fRepExe()))
//> 1
//> 1
//> 1

//== fRepExe + [fSep()] n'ajoute pas deux séparateurs
s est une chaîne = fRepExe() + [fSep()] + "x.txt"
Info(Position(s, fSep() + fSep()) = 0, ChaîneFinitPar(s, fSep() + "x.txt"))
//> 1
//> 1

//== English script: fLoadText of a missing file
s is string = fLoadText("wlmail-missing-7f3e.txt")
Info("[" + s + "]", ErrorOccurred, ErrorInfo(errMessage))
//> []
//> 1
//> file 'wlmail-missing-7f3e.txt' not found

//== English script: fSaveText, fLoadText, fSize, fDelete
sDir is string = fTempPath() + fSep() + "wlmail-" + Random(100000, 999999) + "-" + TimeToInteger(TimeSys())
Info(fMakeDir(sDir), fSaveText(sDir + "/m.txt", "hello"), fLoadText(sDir + "/m.txt"), fSize(sDir + "/m.txt"))
Info(fDelete(sDir + "/m.txt"), fFileExist(sDir + "/m.txt"), fRemoveDir(sDir), fDirectoryExist(sDir))
//> 1
//> 1
//> hello
//> 5
//> 1
//> 0
//> 1
//> 0

//== English script: fExtractPath
Info(fExtractPath("D:\mail\out.eml", fFileName + fExtension), fExtractPath("D:\mail\out.eml", fDrive + fDirectory))
//> out.eml
//> D:\mail\

//== English script: fExeDir and fCurrentDir
Info(fExeDir() = fCurrentDir()) //> 1
