// Fonctions de chaînes (stdlib/functions-strings.toml) — script en français.

//== Taille compte les caractères
Info(Taille("Bonjour"), Taille(""), Taille("été"))
//> 7
//> 0
//> 3

//== Taille d'un nombre : celle de son texte
Info(Taille(12345)) //> 5

//== Taille d'un buffer : en octets
b est un buffer = ChaîneVersUTF8("été")
Info(Taille(b)) //> 5

//== Taille en méthode
s est une chaîne = "abcd"
Info(s.Taille()) //> 4

//== Gauche : les premiers caractères
Info(Gauche("Bonjour", 3)) //> Bon

//== Gauche plus long que la chaîne : la chaîne entière
Info(Gauche("Bon", 10)) //> Bon

//== Gauche de 0 caractère : chaîne vide
Info("[" + Gauche("abc", 0) + "]") //> []

//== Gauche d'un nombre négatif : erreur
x est une chaîne = Gauche("abc", -1) //!! négatif

//== Gauche d'un nombre : sur son texte
Info(Gauche(12345, 2)) //> 12

//== Droite : les derniers caractères
Info(Droite("Bonjour", 4)) //> jour

//== Droite plus long que la chaîne
Info(Droite("ab", 5)) //> ab

//== Droite de 0 caractère
Info("[" + Droite("ab", 0) + "]") //> []

//== Milieu avec une longueur
Info(Milieu("San Francisco", 5, 3)) //> Fra

//== Milieu sans longueur : jusqu'à la fin
Info(Milieu("San Francisco", 5)) //> Francisco

//== Milieu au-delà de la fin : chaîne vide
Info("[" + Milieu("abc", 4) + "]", "[" + Milieu("abc", 10, 2) + "]")
//> []
//> []

//== Milieu dont la longueur dépasse : s'arrête à la fin
Info(Milieu("abcdef", 5, 10)) //> ef

//== Milieu à la position 0 : erreur
x est une chaîne = Milieu("abc", 0) //!! position de départ

//== Milieu en méthode
s est une chaîne = "San Francisco"
Info(s.Milieu(10, 4)) //> isco

//== Majuscule et Minuscule, lettres accentuées comprises
Info(Majuscule("été à Paris"), Minuscule("ÉCOLE"))
//> ÉTÉ À PARIS
//> école

//== Remplace toutes les occurrences
Info(Remplace("a-b-c", "-", "+")) //> a+b+c

//== Remplace sans occurrence : chaîne inchangée
Info(Remplace("abc", "x", "y")) //> abc

//== Remplace d'une recherche vide : chaîne inchangée
Info(Remplace("abc", "", "y")) //> abc

//== Remplace respecte la casse par défaut
Info(Remplace("Chat chat", "chat", "X")) //> Chat X

//== Remplace avec SansCasse
Info(Remplace("Le chat CHASSE", "cha", "X", SansCasse)) //> Le Xt XSSE

//== Remplace avec MotComplet
Info(Remplace("art partir art", "art", "X", MotComplet)) //> X partir X

//== Remplace ne repasse pas sur le texte remplacé
Info(Remplace("aaa", "a", "aa")) //> aaaaaa

//== Remplace en méthode
s est une chaîne = "1,5"
Info(s.Remplace(",", ".")) //> 1.5

//== Position : première occurrence
Info(Position("San Francisco", "an")) //> 2

//== Position à partir d'une position de départ
Info(Position("San Francisco", "an", 3)) //> 7

//== Position introuvable : 0
Info(Position("San Francisco", "xyz")) //> 0

//== Position respecte la casse, sauf avec SansCasse
Info(Position("San Francisco", "AN"), Position("San Francisco", "AN", 1, SansCasse))
//> 0
//> 2

//== Position DepuisFin : dernière occurrence avant la position de départ
Info(Position("a.b.c", ".", Taille("a.b.c"), DepuisFin), Position("a.b.c", ".", 3, DepuisFin))
//> 4
//> 2

//== Position MotComplet ignore les mots qui contiennent la recherche
Info(Position("partir art", "art"), Position("partir art", "art", 1, MotComplet))
//> 2
//> 8

//== Position d'un tableau de recherches : la plus proche
tab est un tableau de chaînes = ["co", "Fr"]
Info(Position("San Francisco", tab), Position("San Francisco", tab, Taille("San Francisco"), DepuisFin))
//> 5
//> 12

//== Position de départ au-delà de la fin : 0
Info(Position("abc", "a", 10)) //> 0

//== Position en méthode
s est une chaîne = "Bonjour"
Info(s.Position("o"), s.Position("o", 3))
//> 2
//> 5

//== PositionOccurrence : n-ième occurrence
Info(PositionOccurrence("a,b,c,d", ",", 2)) //> 4

//== PositionOccurrence au-delà du nombre d'occurrences : 0
Info(PositionOccurrence("a,b,c,d", ",", 4)) //> 0

//== PositionOccurrence DepuisFin compte depuis la fin
Info(PositionOccurrence("a,b,c,d", ",", 1, DepuisFin)) //> 6

//== PositionOccurrence de rang 0 : erreur
n est un entier = PositionOccurrence("abc", "b", 0) //!! rang invalide

//== ChaîneOccurrence compte sans chevauchement
Info(ChaîneOccurrence("abcabcab", "ab"), ChaîneOccurrence("aaaa", "aa"))
//> 3
//> 2

//== ChaîneOccurrence d'une recherche vide ou absente : 0
Info(ChaîneOccurrence("abc", ""), ChaîneOccurrence("abc", "z"))
//> 0
//> 0

//== ChaîneOccurrence avec SansCasse et MotComplet
Info(ChaîneOccurrence("Ab ab AB", "ab", SansCasse), ChaîneOccurrence("art partir art", "art", MotComplet))
//> 3
//> 2

//== ExtraitChaîne par rang
Info(ExtraitChaîne("a,b,c", 1, ","), ExtraitChaîne("a,b,c", 3, ","))
//> a
//> c

//== ExtraitChaîne au-delà du dernier morceau : EOT
Info(ExtraitChaîne("a,b,c", 4, ",") = EOT, ExtraitChaîne("a,b,c", 4, ",") = "")
//> 1
//> 0

//== ExtraitChaîne : séparateur TAB par défaut
Info(ExtraitChaîne("x" + TAB + "y", 2)) //> y

//== ExtraitChaîne sans séparateur dans la chaîne : rang 1 = toute la chaîne
Info(ExtraitChaîne("abc", 1, ","), ExtraitChaîne("abc", 2, ",") = EOT)
//> abc
//> 1

//== ExtraitChaîne d'une chaîne vide
Info("[" + ExtraitChaîne("", 1, ",") + "]", ExtraitChaîne("", 2, ",") = EOT)
//> []
//> 1

//== ExtraitChaîne garde les morceaux vides
Info("[" + ExtraitChaîne("a,,c", 2, ",") + "]", ExtraitChaîne("a,,c", 3, ","))
//> []
//> c

//== ExtraitChaîne sur RC
Info(ExtraitChaîne("l1" + RC + "l2", 2, RC)) //> l2

//== ExtraitChaîne d'un séparateur de plusieurs caractères
Info(ExtraitChaîne("a::b::c", 2, "::")) //> b

//== ExtraitChaîne avec un tableau de séparateurs
tabSep est un tableau de chaînes = [",", ";"]
Info(ExtraitChaîne("a,b;c", 3, tabSep)) //> c

//== ExtraitChaîne DepuisFin
Info(ExtraitChaîne("a/b/c", 1, "/", DepuisFin), ExtraitChaîne("a/b/c", 3, "/", DepuisFin))
//> c
//> a

//== ExtraitChaîne de rang 0 : erreur
x est une chaîne = ExtraitChaîne("a,b", 0, ",") //!! rang invalide

//== parcours avec rangPremier et rangSuivant jusqu'à EOT
s est une chaîne = "un;deux;trois"
m est une chaîne = ExtraitChaîne(s, rangPremier, ";")
TANTQUE m <> EOT
	Info(m)
	m = ExtraitChaîne(s, rangSuivant, ";")
FIN
//> un
//> deux
//> trois

//== rangSuivant sans rangPremier : EOT
Info(ExtraitChaîne("zz;yy", rangSuivant, ";") = EOT) //> 1

//== parcours à l'envers avec rangDernier et rangPrécédent
s est une chaîne = "un;deux;trois"
Info(ExtraitChaîne(s, rangDernier, ";"), ExtraitChaîne(s, rangPrécédent, ";"))
//> trois
//> deux

//== parcours par numéro de rang dans une boucle
i est un entier = 1
BOUCLE
	m est une chaîne = ExtraitChaîne("a b c", i, " ")
	SI m = EOT ALORS SORTIR
	Info(ChaîneConstruit("%1:%2", i, m))
	i++
FIN
//> 1:a
//> 2:b
//> 3:c

//== ExtraitChaîne en méthode
liste est une chaîne = "WINDEV" + RC + "WEBDEV"
Info(liste.ExtraitChaîne(2, RC)) //> WEBDEV

//== SansEspace retire les espaces aux deux bouts
Info("[" + SansEspace("  a b  ") + "]") //> [a b]

//== SansEspace retire aussi tabulations et retours à la ligne
Info("[" + SansEspace(TAB + "x" + RC) + "]") //> [x]

//== SansEspace sscDébut et sscFin
Info("[" + SansEspace("  a  ", sscDébut) + "]", "[" + SansEspace("  a  ", sscFin) + "]")
//> [a  ]
//> [  a]

//== SansEspace sscIntérieur réduit les espaces intérieurs
Info("[" + SansEspace("a    b", sscIntérieur) + "]") //> [a b]

//== SansEspace sscExtérieur + sscIntérieur
Info("[" + SansEspace("  a   b  ", sscExtérieur + sscIntérieur) + "]") //> [a b]

//== SansEspace avec d'autres caractères à retirer
Info(SansEspace("xxaxx", sscExtérieur, "x")) //> a

//== SansEspace d'une chaîne d'espaces : chaîne vide
Info("[" + SansEspace("   ") + "]") //> []

//== Complète avec des espaces par défaut
Info("[" + Complète("ab", 5) + "]") //> [ab   ]

//== Complète avec un caractère
Info(Complète("ab", 5, "*")) //> ab***

//== Complète tronque une chaîne plus longue
Info(Complète("abcdef", 3)) //> abc

//== Complète avec un motif de plusieurs caractères
Info(Complète("ab", 6, "xy")) //> abxyxy

//== Répète
Info(Répète("ab", 3), "[" + Répète("ab", 0) + "]")
//> ababab
//> []

//== Répète un nombre négatif de fois : erreur
x est une chaîne = Répète("-", -2) //!! négatif

//== ChaîneConstruit remplace %1, %2
Info(ChaîneConstruit("%1 a %2 ans", "Paul", 30)) //> Paul a 30 ans

//== ChaîneConstruit dans le désordre et répété
Info(ChaîneConstruit("%2-%1-%2", "a", "b")) //> b-a-b

//== ChaîneConstruit : paramètre absent = chaîne vide
Info("[" + ChaîneConstruit("x%3y", "a") + "]") //> [xy]

//== ChaîneConstruit : %% donne %, un % seul reste
Info(ChaîneConstruit("100%% de %1, 50% du reste", "x")) //> 100% de x, 50% du reste

//== ChaîneConstruit d'un réel
Info(ChaîneConstruit("%1 €", 1.50)) //> 1.5 €

//== ChaîneFormate ccSansEspace
Info("[" + ChaîneFormate("  Élève  ", ccSansEspace) + "]") //> [Élève]

//== ChaîneFormate ccSansAccent
Info(ChaîneFormate("Élève à Noël", ccSansAccent)) //> Eleve a Noel

//== ChaîneFormate ccMajuscule et ccMinuscule
Info(ChaîneFormate("Élève", ccMajuscule), ChaîneFormate("Élève", ccMinuscule))
//> ÉLÈVE
//> élève

//== ChaîneFormate ccSansAccent + ccMinuscule
Info(ChaîneFormate("C'est Éric", ccSansAccent + ccMinuscule)) //> c'est eric

//== ChaîneFormate ccMajuscule + ccSansEspaceIntérieur
Info(ChaîneFormate("C'est Éric", ccMajuscule + ccSansEspaceIntérieur)) //> C'ESTÉRIC

//== ChaîneFormate ccSansPonctuationNiEspace
Info(ChaîneFormate("+33 (0)1 23-45", ccSansPonctuationNiEspace)) //> 33012345

//== ChaîneFormate ccSansCasse met en majuscules
Info(ChaîneFormate("abc", ccSansCasse)) //> ABC

//== Formate en méthode
s est une chaîne = "Été"
Info(s.Formate(ccSansAccent)) //> Ete

//== ChaîneCommencePar
Info(ChaîneCommencePar("Bonjour", "Bon"), ChaîneCommencePar("Bonjour", "bon"))
//> 1
//> 0

//== ChaîneCommencePar avec ccSansCasse et ccSansAccent
Info(ChaîneCommencePar("Bonjour", "bon", ccSansCasse), ChaîneCommencePar("Élan", "el", ccSansCasse + ccSansAccent))
//> 1
//> 1

//== ChaîneFinitPar
Info(ChaîneFinitPar("fichier.txt", ".txt"), ChaîneFinitPar("fichier.TXT", ".txt"), ChaîneFinitPar("fichier.TXT", ".txt", ccSansCasse))
//> 1
//> 0
//> 1

//== Caract
Info(Caract(65), Caract(233))
//> A
//> é

//== Caract(13) + Caract(10) vaut RC
Info(Caract(13) + Caract(10) = RC) //> 1

//== Caract d'un code négatif : erreur
x est une chaîne = Caract(-1) //!! code de caractère invalide

//== Asc
Info(Asc("A"), Asc("é"), Asc(""), Asc("Bonjour"))
//> 65
//> 233
//> 0
//> 66

//== ChaîneVersUTF8 donne un buffer d'octets
Info(Taille(ChaîneVersUTF8("é")), Taille(ChaîneVersUTF8("abc")))
//> 2
//> 3

//== UTF8VersChaîne inverse ChaîneVersUTF8
Info(UTF8VersChaîne(ChaîneVersUTF8("Noël"))) //> Noël

//== UTF8VersChaîne d'un texte lu octet par octet
Info(UTF8VersChaîne("Ã©tÃ©")) //> été

//== UTF8VersChaîne d'un texte qui n'est pas de l'UTF-8 : inchangé
Info(UTF8VersChaîne("é"), UTF8VersChaîne("abc"))
//> é
//> abc

//== AnsiVersUnicode et UnicodeVersAnsi laissent le texte tel quel
Info(AnsiVersUnicode("été"), UnicodeVersAnsi("été"))
//> été
//> été

//== Crypte n'est pas disponible
x est une chaîne = Crypte("secret", "clé") //!! n'est pas disponible

//== appels en méthode enchaînés
s est une chaîne = "  abc "
Info(s.SansEspace().Majuscule()) //> ABC

//== méthode sur un littéral
Info("abc".Majuscule(), "a-b".Remplace("-", "+"))
//> ABC
//> a+b

//== noms sans accents ni casse
Info(chaineconstruit("%1!", "ok"), EXTRAITCHAINE("a;b", 2, ";"), complete("a", 3, "."))
//> ok!
//> b
//> a..
