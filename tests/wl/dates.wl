// Fonctions de dates et d'heures (stdlib/functions-dates.toml). Rien ne dépend de la date du
// jour, sauf par des relations (DateSys() = DateDuJour()).

//== DateSys et DateDuJour donnent la même date
Info(DateSys() = DateDuJour()) //> 1

//== DateSys s'écrit AAAAMMJJ : 8 caractères, une date valide
Info(Taille(DateSys()), DateValide(DateSys()))
//> 8
//> 1

//== HeureSys s'écrit HHMMSSCC
Info(Taille(HeureSys()), HeureValide(HeureSys()))
//> 8
//> 1

//== DateSys et HeureSys sont du texte : on les concatène
s est une chaîne = DateSys() + " " + HeureSys()
Info(Taille(s), Milieu(s, 9, 1) = " ", Gauche(s, 8) = DateDuJour())
//> 17
//> 1
//> 1

//== DateSys affectée à une date, comparée à une date
d est une date = DateSys()
Info(d = DateSys(), d.Année = Val(Gauche(DateSys(), 4)), d + 1 > DateSys())
//> 1
//> 1
//> 1

//== Maintenant est une heure du jour
n est un entier = HeureVersEntier(Maintenant())
Info(n >= 0 ET n < 8640000) //> 1

//== DateHeureSys porte la date du jour
Info(DateVersChaîne(DateHeureSys(), "AAAAMMJJ") = DateSys()) //> 1

//== DateVersChaîne : JJ/MM/AAAA par défaut
Info(DateVersChaîne("20191225")) //> 25/12/2019

//== DateVersChaîne d'une date vide : chaîne vide
Info("[" + DateVersChaîne("") + "]") //> []

//== DateVersChaîne avec un masque
Info(DateVersChaîne("20191225", "MM-JJ-AAAA"), DateVersChaîne("20191225", "JJ/MM/AA"))
//> 12-25-2019
//> 25/12/19

//== DateVersChaîne accepte aussi les lettres anglaises YYYY et DD
Info(DateVersChaîne("20191225", "YYYY-MM-DD")) //> 2019-12-25

//== DateVersChaîne recopie le texte du masque
Info(DateVersChaîne("20791225", "Le numéro du jour JJ du mois n° MM de l'année AAAA"))
//> Le numéro du jour 25 du mois n° 12 de l'année 2079

//== DateVersChaîne : noms abrégés des jours et des mois
Info(DateVersChaîne("20031202", "JJJ JJ MMM AAAA")) //> mar. 02 déc. 2003

//== DateVersChaîne : noms complets, en minuscules ou avec une capitale
Info(DateVersChaîne("20031202", "JJJJ JJ MMMM AAAA"), DateVersChaîne("20031202", "Jjjj JJ Mmmm AAAA"))
//> mardi 02 décembre 2003
//> Mardi 02 Décembre 2003

//== DateVersChaîne ne vérifie pas la date
Info(DateVersChaîne("20231345")) //> 45/13/2023

//== DateVersChaîne d'un texte qui n'est pas une date : erreur
x est une chaîne = DateVersChaîne("bonjour") //!! date invalide

//== DateVersChaîne d'une variable date et méthode VersChaîne
d est une date = "19851026"
Info(DateVersChaîne(d), d.VersChaîne(), d.VersChaîne("Jjjj JJ Mmmm AAAA"))
//> 26/10/1985
//> 26/10/1985
//> Samedi 26 Octobre 1985

//== VersJourEnLettre et VersMoisEnLettre en méthodes
d est une date = "19851026"
Info(d.VersJourEnLettre(), d.VersMoisEnLettre())
//> samedi
//> octobre

//== une date s'affiche AAAAMMJJ, DateVersChaîne la met en forme
d est une date = "20240105"
Info(d, DateVersChaîne(d))
//> 20240105
//> 05/01/2024

//== HeureVersChaîne : HH:MM:SS:CC par défaut
Info(HeureVersChaîne("1525"), HeureVersChaîne("13251011"))
//> 15:25:00:00
//> 13:25:10:11

//== HeureVersChaîne avec un masque
Info(HeureVersChaîne("13251011", "HH:mm:SS"), HeureVersChaîne("1325", "HHhMM"))
//> 13:25:10
//> 13h25

//== HeureVersChaîne d'une heure vide : chaîne vide
Info("[" + HeureVersChaîne("") + "]") //> []

//== méthode VersChaîne d'une heure
h est une heure = "1200"
Info(h.VersChaîne(), h.VersChaîne("HH:mm"))
//> 12:00:00:00
//> 12:00

//== DateHeureVersChaîne et méthode VersChaîne d'une dateheure
dh est une dateheure = "201912251715"
Info(dh.VersChaîne(), DateHeureVersChaîne(dh, "MM-JJ-AAAA HH:mm"))
//> 25/12/2019 17:15:00:00
//> 12-25-2019 17:15

//== DateHeureVersChaîne d'un texte
Info(DateHeureVersChaîne("20240229083005")) //> 29/02/2024 08:30:05:00

//== ChaîneVersDate : JJ/MM/AAAA par défaut
Info(ChaîneVersDate("25/12/2019")) //> 20191225

//== ChaîneVersDate avec un masque
Info(ChaîneVersDate("2019-12-25", "AAAA-MM-JJ"), ChaîneVersDate("5/1/2024", "JJ/MM/AAAA"))
//> 20191225
//> 20240105

//== ChaîneVersDate avec un nom de mois
Info(ChaîneVersDate("02 décembre 2003", "JJ MMMM AAAA"), ChaîneVersDate("02 DECEMBRE 2003", "JJ MMMM AAAA"))
//> 20031202
//> 20031202

//== ChaîneVersDate sur deux chiffres d'année
Info(ChaîneVersDate("25/12/19", "JJ/MM/AA"), ChaîneVersDate("25/12/85", "JJ/MM/AA"))
//> 20191225
//> 19851225

//== ChaîneVersDate d'une date invalide ou d'un texte quelconque : chaîne vide
Info(ChaîneVersDate("31/02/2019") = "", ChaîneVersDate("bonjour") = "")
//> 1
//> 1

//== ChaîneVersDate affectée à une date
d est une date = ChaîneVersDate("14/07/1789")
Info(d.Année, d.Mois, d.Jour)
//> 1789
//> 7
//> 14

//== DateVersJour : 1 lundi … 7 dimanche
Info(DateVersJour("20031202"), DateVersJour("20240101"), DateVersJour("20240107"))
//> 2
//> 1
//> 7

//== DateVersJourEnLettre et DateVersMoisEnLettre
Info(DateVersJourEnLettre("20240101"), DateVersMoisEnLettre("20240815"))
//> lundi
//> août

//== DateValide
Info(DateValide("20240229"), DateValide("20230229"), DateValide("2024022"), DateValide("abcdefgh"), DateValide(""))
//> 1
//> 0
//> 0
//> 0
//> 0

//== HeureValide
Info(HeureValide("2359"), HeureValide("2460"), HeureValide("123"), HeureValide("23595999"))
//> 1
//> 0
//> 0
//> 1

//== DateDifférence en jours, signée
Info(DateDifférence("20240101", "20240301"), DateDifférence("20240301", "20240101"), DateDifférence("20231231", "20240101"))
//> 60
//> -60
//> 1

//== DateDifférence d'une date vide : erreur
n est un entier = DateDifférence("", "20240101") //!! date invalide

//== HeureDifférence en centièmes de seconde
Info(HeureDifférence("1000", "1130"), HeureDifférence("10000050", "10000000"))
//> 540000
//> -50

//== DateVersEntier : le 01/01/1800 vaut 1
Info(DateVersEntier("20011225"), DateVersEntier("18000101"))
//> 73773
//> 1

//== EntierVersDate inverse DateVersEntier
Info(EntierVersDate(73773), DateVersChaîne(EntierVersDate(73773)), EntierVersDate(DateVersEntier("20240229")))
//> 20011225
//> 25/12/2001
//> 20240229

//== calcul de date par les entiers
Info(DateVersChaîne(EntierVersDate(DateVersEntier("20241231") + 1))) //> 01/01/2025

//== EntierVersJour
Info(EntierVersJour(73773)) //> 2

//== HeureVersEntier et EntierVersHeure
Info(HeureVersEntier("01000000"), HeureVersEntier("00000150"), EntierVersHeure(360000), EntierVersHeure(8640000 + 150))
//> 360000
//> 150
//> 01000000
//> 00000150

//== EntierVersHeure négatif : erreur
h est une heure = EntierVersHeure(-1) //!! heure invalide

//== AnnéeBissextile
Info(AnnéeBissextile(2024), AnnéeBissextile(1900), AnnéeBissextile(2000), AnnéeBissextile(2023))
//> 1
//> 0
//> 1
//> 0

//== PremierJourDuMois et DernierJourDuMois
Info(PremierJourDuMois("20230215"), DernierJourDuMois("20230215"), DernierJourDuMois(2024, 2), DernierJourDuMois(2023, 12))
//> 20230201
//> 20230228
//> 20240229
//> 20231231

//== DernierJourDuMois d'un mois invalide : erreur
d est une date = DernierJourDuMois(2024, 13) //!! date invalide

//== DernierJourDuMois sans paramètre : dans le mois courant
Info(DernierJourDuMois() >= DateSys(), PremierJourDuMois() <= DateSys())
//> 1
//> 1

//== NuméroDeSemaine (ISO)
Info(NuméroDeSemaine("20240101"), NuméroDeSemaine("20201231"), NuméroDeSemaine("20230101"))
//> 1
//> 53
//> 52

//== noms sans accents ni casse
Info(datedifference("20240101", "20240102"), DATEVERSCHAINE("20240102"))
//> 1
//> 02/01/2024

//== script anglais : DateToString et noms anglais
Info(DateToString("20031202", "Dddd DD Mmmm YYYY"), DateToString("20031202", "DDD DD MMM YYYY"))
//> Tuesday 02 December 2003
//> Tue 02 Dec 2003

//== script anglais : Today, DateSys, SysDateTime, Now, TimeSys
Info(Today() = DateSys(), DateToString(SysDateTime(), "YYYYMMDD") = Today(), TimeValid(Now()), TimeValid(TimeSys()))
//> 1
//> 1
//> 1
//> 1

//== script anglais : day and month names
Info(DateToDayInAlpha("19851026"), DateToMonthInAlpha("20240815"))
//> Saturday
//> August

//== script anglais : StringToDate with a mask
Info(StringToDate("12/25/2019", "MM/DD/YYYY"), StringToDate("Dec 25 2019", "MMM DD YYYY"))
//> 20191225
//> 20191225

//== script anglais : integers, differences, validity
Info(DateToInteger("20011225"), IntegerToDate(1), DateDifference("20240228", "20240301"), DateValid("20240230"))
//> 73773
//> 18000101
//> 2
//> 0

//== script anglais : TimeToString, TimeToInteger, IntegerToTime
Info(TimeToString("0905"), TimeToInteger("00010000"), IntegerToTime(6000))
//> 09:05:00:00
//> 6000
//> 00010000

//== script anglais : DateToDay, LeapYear, WeekNumber, LastDayOfMonth
Info(DateToDay("20240107"), LeapYear(2100), WeekNumber("20240107"), LastDayOfMonth("20240410"))
//> 7
//> 0
//> 1
//> 20240430

//== script anglais : invalid date error
x is string = DateToString("hello") //!! invalid date
