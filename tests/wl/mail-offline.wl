// Mail without a server (issue 3): properties, defaults, EmailConstruitSource, errors.

//== valeurs par défaut d'un Email
m est un Email
Info(m.Destinataire..Occurrence, m.Attache..Occurrence, "[" + m.Sujet + "]")
Info(m.Priorité = emailPrioritéNormale, m.AccuséRéception, m.Confidentialité = emailNormal, m.ID)
//> 0
//> 0
//> []
//> 1
//> 0
//> 1
//> 0

//== valeurs par défaut d'une session SMTP
s est un emailSessionSMTP
Info(s.Port, s.Option = emailOptionDéfaut, s.Asynchrone, "[" + s.AdresseServeur + "]")
Info(s.AuthToken = Null)
//> 25
//> 1
//> 0
//> []
//> 1

//== noms anglais et sans accents désignent les mêmes propriétés
m est un Email
m.Expediteur = "a@exemple.fr"
Info(m.Sender, m.Expéditeur)
m.Subject = "Sujet"
Info(m.SUJET)
m.Priorite = emailHighPriority
Info(m.Priorité = emailPrioritéHaute)
//> a@exemple.fr
//> a@exemple.fr
//> Sujet
//> 1

//== les destinataires sont de vrais tableaux
m est un Email
Ajoute(m.Destinataire, "a@exemple.fr")
m.Destinataire.Ajoute("b@exemple.fr")
m.Destinataire[3] = "c@exemple.fr"
Info(m.Destinataire..Occurrence, m.Destinataire[2])
POUR TOUT sAdr DE m.Destinataire
	Trace(sAdr)
FIN
m.Destinataire = "z@exemple.fr"
Info(m.Destinataire[1], m.Destinataire..Occurrence)
//> 3
//> b@exemple.fr
//! a@exemple.fr
//! b@exemple.fr
//! c@exemple.fr
//> z@exemple.fr
//> 3

//== Attache[1] sur un message neuf crée la pièce jointe
m est un Email
m.Attache[1].Nom = "logo.gif"
m.Attache[1].Contenu = "GIF89a"
m.Attache[1].ContentType = "image/gif"
Info(m.Attache..Occurrence, m.Attache[1].Taille, m.Attach[1].Name)
//> 1
//> 6
//> logo.gif

//== une pièce jointe emailAttache ajoutée au tableau
a est un emailAttache
a.Nom = "notes.txt"
a.Contenu = "abc"
m est un Email
Ajoute(m.Attache, a)
a.Nom = "modifié.txt"
Info(m.Attache[1].Nom, m.Attache[1].Size)
//> notes.txt
//> 3

//== l'affectation copie un Email
m est un Email
m.Sujet = "original"
Ajoute(m.Destinataire, "a@exemple.fr")
c est un Email = m
c.Sujet = "copie"
Ajoute(c.Destinataire, "b@exemple.fr")
Info(m.Sujet, m.Destinataire..Occurrence, c.Sujet, c.Destinataire..Occurrence)
//> original
//> 1
//> copie
//> 2

//== Info d'un Email le résume
m est un Email
m.Expéditeur = "a@exemple.fr"
m.Destinataire = "b@exemple.fr"
m.Sujet = "Bonjour"
Info(m)
//> Email de a@exemple.fr à b@exemple.fr : « Bonjour »

//== Info d'une session ne montre jamais le mot de passe
s est un emailSessionSMTP
s.AdresseServeur = "smtp.exemple.fr"
s.Port = 587
s.Nom = "moi"
s.MotDePasse = "trèssecret"
Info(s)
Trace(s)
//> emailSessionSMTP moi@smtp.exemple.fr:587 (fermée)
//! emailSessionSMTP moi@smtp.exemple.fr:587 (fermée)

//== Info de la structure Email : tous ses destinataires, quel que soit NbDestinataire
Email.Expéditeur = "a@exemple.fr"
Email.Destinataire[1] = "b@exemple.fr"
Email.Destinataire[2] = "c@exemple.fr"
Email.NbDestinataire = 1
Info(Email)
//> Email de a@exemple.fr à b@exemple.fr, c@exemple.fr : «  »

//== EmailConstruitSource : texte + HTML + pièce jointe
m est un Email
m.Expéditeur = "Zoé <zoe@exemple.fr>"
Ajoute(m.Destinataire, "a@exemple.fr")
Ajoute(m.Cci, "cache@exemple.fr")
m.Sujet = "Été"
m.Message = "texte"
m.HTML = "<p>html</p>"
m.Attache[1].Nom = "a.txt"
m.Attache[1].Contenu = "pj"
Info(EmailConstruitSource(m), ErreurDétectée)
Info(Position(m.Source, "Content-Type: multipart/mixed") > 0)
Info(Position(m.Source, "Content-Type: multipart/alternative") > 0)
Info(Position(m.Source, "Subject: =?utf-8?q?=C3=89t=C3=A9?=") > 0)
Info(Position(m.Source, "From: =?utf-8?q?Zo=C3=A9?= <zoe@exemple.fr>") > 0)
Info(Position(m.Source, "cache@") = 0, Position(m.Source, "filename=""a.txt""") > 0)
Info(m.MessageID [=] "@exemple.fr>", Position(m.Source, m.MessageID) > 0)
Info(Position(m.Entête, "MIME-Version: 1.0") > 0, Position(m.Entête, "texte") = 0)
//> 1
//> 0
//> 1
//> 1
//> 1
//> 1
//> 1
//> 1
//> 1
//> 1
//> 1
//> 1

//== EmailConstruitSource avec emailOptionEntêteCci écrit Bcc
m est un Email
m.Expéditeur = "a@exemple.fr"
m.Cci = "cache@exemple.fr"
m.ConstruitSource(emailOptionEntêteCci)
Info(Position(m.Source, "Bcc: cache@exemple.fr") > 0)
//> 1

//== BuildSource on the Email structure
Email.NbRecipient = 1
Email.Recipient = "support@example.com"
Email.Sender = "me@example.com"
Email.Message = "Auto Email Test"
IF EmailBuildSource() = True THEN Info(Position(Email.Source, "To: support@example.com") > 0)
//> 1

//== un message sans destinataire n'est pas construit
m est un Email
m.Expéditeur = "a@exemple.fr"
Info(EmailConstruitSource(m), ErreurDétectée)
Info(ErreurInfo())
//> 0
//> 1
//> message sans destinataire (Destinataire, Cc et Cci vides) : rien n'a été envoyé

//== a message without sender is refused (English messages)
m is Email
m.Recipient = "a@example.com"
Info(m.BuildSource(), ErrorInfo())
//> 0
//> message without sender (Sender empty): nothing was sent

//== CR ou LF dans un en-tête est refusé
m est un Email
m.Expéditeur = "a@exemple.fr"
m.Destinataire = "b@exemple.fr"
m.Sujet = "Bonjour" + RC + "Bcc: victime@exemple.fr"
Info(m.ConstruitSource(), ErreurInfo())
m.Sujet = "ok"
m.RépondreA = "x@exemple.fr" + Caract(10) + "To: y@exemple.fr"
Info(m.ConstruitSource(), ErreurInfo())
//> 0
//> saut de ligne ou caractère de contrôle (U+000D) interdit dans Sujet : rien n'a été envoyé
//> 0
//> saut de ligne ou caractère de contrôle (U+000A) interdit dans RépondreA : rien n'a été envoyé

//== une adresse invalide est signalée avec sa propriété
m est un Email
m.Expéditeur = "a@exemple.fr"
Ajoute(m.Cc, "b@exemple.fr")
Ajoute(m.Cc, "pas une adresse")
Info(m.ConstruitSource(), ErreurInfo())
//> 0
//> adresse invalide dans Cc[2] : invalid address 'pas une adresse'

//== la structure Email : affectation sans indice et compteurs
Email.Destinataire = "a@exemple.fr"
Info(Email.Destinataire[1], Email.NbDestinataire)
Email.Destinataire[3] = "c@exemple.fr"
Info(Email.NbDestinataire, "[" + Email.Destinataire[2] + "]")
Email.NbDestinataire = 1
Email.Expediteur = "moi@exemple.fr"
EmailConstruitSource()
Info(Position(Email.Source, "c@exemple.fr") = 0)
EmailRAZ()
Info(Email.Destinataire..Occurrence, Email.NbDestinataire, "[" + Email.Source + "]")
//> a@exemple.fr
//> 1
//> 2
//> []
//> 1
//> 0
//> 0
//> []

//== EmailImporteSource relit une source
m est un Email
m.Expéditeur = "a@exemple.fr"
m.Destinataire = "b@exemple.fr"
m.Sujet = "Relu ✓"
m.Priorité = emailPrioritéBasse
m.ConstruitSource()
r est un Email
r.Source = m.Source
Info(EmailImporteSource(r), r.Sujet, r.Destinataire[1], r.Priorité = emailPrioritéBasse)
vide est un Email
Info(vide.ImporteSource(), ErreurInfo())
//> 1
//> Relu ✓
//> b@exemple.fr
//> 1
//> 0
//> la propriété Source est vide : rien à importer

//== EmailRAZ sur une variable Email
m est un Email
m.Sujet = "x"
Ajoute(m.Destinataire, "a@exemple.fr")
EmailRAZ(m)
Info("[" + m.Sujet + "]", m.Destinataire..Occurrence)
//> []
//> 0

//== EmailVérifieAdresse vérifie la syntaxe
Info(EmailVérifieAdresse("jean.dupont@exemple.fr") = emailAdresseValide)
Info(EmailVerifieAdresse("jean.dupont@") = emailAdresseSyntaxeIncorrecte)
Info(EmailCheckAddress("a b@example.com") = emailAddressIncorrectSyntax)
//> 1
//> 1
//> 1

//== délai d'attente : 600 s par défaut
Info(EmailLitTimeOut())
EmailChangeTimeOut(10)
Info(EmailGetTimeOut())
//> 600
//> 10

//== envoyer sans session ouverte
m est un Email
m.Expéditeur = "a@exemple.fr"
m.Destinataire = "b@exemple.fr"
Info(EmailEnvoieMessage("personne", m), ErreurInfo())
//> 0
//> aucune session SMTP ouverte pour l'utilisateur « personne »

//== EmailEtat d'un identifiant inconnu
Info(EmailEtat(99) = emailErreur, ErreurInfo())
//> 1
//> identifiant d'email 99 inconnu

//== propriété inconnue : erreur fatale
m est un Email
m.Couleur = "rouge" //!! n'est pas une propriété de Email

//== propriété en lecture seule
a est un emailAttache
a.Taille = 3 //!! ne peut pas être modifiée

//== mauvais type de pièce jointe
m est un Email
Ajoute(m.Attache, "fichier.pdf") //!! emailAttache attendu
