// Propriétés typées : une valeur du mauvais type est une erreur fatale (issue 15, point 7).
// Règle : README, « Choix là où la documentation se tait ». Jamais de repli silencieux en clair.

//== Port = "587" : une chaîne numérique est convertie (conversion implicite du WLangage)
s est un emailSessionSMTP
s.Port = "587"
Info(s.Port, s.Port + 1)
//> 587
//> 588

//== Port = "cinq" : erreur fatale, pas 0
s est un emailSessionSMTP
s.Port = "cinq" //!! emailSessionSMTP.Port attend un nombre : « cinq » n'en est pas un
//exit 70

//== Port = "" : une chaîne vide n'est pas un nombre non plus
s est un emailSessionSMTP
s.Port = "" //!! Port attend un nombre
//exit 70

//== Port hors de 0..65535
s est un emailSessionSMTP
s.Port = 70000 //!! Port doit être entre 0 et 65535 : 70000 refusé
//exit 70

//== Option = "TLS" : erreur fatale, jamais une connexion en clair
s est un emailSessionSMTP
s.Option = "TLS" //!! Option n'accepte que emailOptionDéfaut, emailOptionSécuriséTLS, emailProtocoleSMTPS, optionSSL .* « TLS » refusé
//exit 70

//== Option : une chaîne lue ailleurs (variable) est vérifiée à l'exécution
sMode est une chaîne = "TLS"
s est un emailSessionSMTP
s.Option = sMode //!! « TLS » refusé
//exit 70

//== Option : une valeur qui n'est pas une constante documentée
s est un emailSessionSMTP
s.Option = 8 //!! Option n'accepte que .* « 8 » refusé
//exit 70

//== Option = Vrai : un booléen n'est pas une option
s est un emailSessionSMTP
s.Option = Vrai //!! « Vrai » refusé
//exit 70

//== Option : les constantes, leur valeur en chaîne et leur combinaison sont acceptées
s est un emailSessionSMTP
s.Option = emailOptionSécuriséTLS
Info(s.Option = emailOptionSécuriséTLS)
s.Option = "2"
Info(s.Option = emailOptionSécuriséTLS)
s.Option = emailOptionSécuriséTLS + emailProtocoleSMTPS
Info(s.Option)
s.Option = emailOptionDéfaut
Info(s.Option = emailOptionDéfaut)
//> 1
//> 1
//> 3
//> 1

//== QUAND EXCEPTION attrape l'erreur ; la propriété garde sa valeur
s est un emailSessionSMTP
s.Option = emailOptionSécuriséTLS
QUAND EXCEPTION DANS
	s.Option = "TLS"
FAIRE
	Info("attrapée : " + ExceptionInfo())
FIN
Info(s.Option = emailOptionSécuriséTLS)
//> attrapée : emailSessionSMTP.Option n'accepte que emailOptionDéfaut, emailOptionSécuriséTLS, emailProtocoleSMTPS, optionSSL (ou leur combinaison) : « TLS » refusé
//> 1

//== Asynchrone = "Vrai" : une chaîne n'est pas un booléen
s est un emailSessionSMTP
s.Asynchrone = "Vrai" //!! Asynchrone attend un booléen .* « Vrai » n'en est pas un
//exit 70

//== Asynchrone : booléens, constantes, nombres et chaînes numériques
s est un emailSessionSMTP
s.Asynchrone = emailAsynchrone
Info(s.Asynchrone)
s.Asynchrone = "0"
Info(s.Asynchrone)
s.Asynchrone = 1
Info(s.Asynchrone)
//> 1
//> 0
//> 1

//== IgnoreErreur : Vrai, Faux et ses constantes ; « oui » est refusé
s est un emailSessionSMTP
s.IgnoreErreur = Vrai
s.IgnoreErreur = emailIgnoreNomCertificatInvalide
s.IgnoreErreur = Faux
Info("ok")
s.IgnoreErreur = "oui" //!! IgnoreErreur n'accepte que Faux, Vrai, .* « oui » refusé
//> ok
//exit 70

//== Email.AccuséRéception = "oui" : erreur fatale
m est un Email
m.AccuséRéception = "oui" //!! Email.AccuséRéception attend un booléen
//exit 70

//== Structure Email : Priorité = "haute" est refusée
Email.Priorité = "haute" //!! Priorité attend un nombre : « haute »
//exit 70

//== EmailOuvreSessionSMTP : une option "TLS" est refusée avant toute connexion
EmailOuvreSessionSMTP("u", "p", "127.0.0.1", 2525, Faux, "TLS") //!! « TLS » refusé
//exit 70

//== EmailOuvreSessionSMTP : un port "cinq" est refusé
EmailOuvreSessionSMTP("u", "p", "127.0.0.1", "cinq") //!! Port attend un nombre : « cinq »
//exit 70
