// https://doc.pcsoft.fr/fr-FR/?3032031&name=managing_the_emails_with_the_pop3smtp_protocols&product=WM
// Verbatim step 1 (French page). The FR loops of step 2 are cut off in the stored copy.
// Ouverture de la session de messagerie
MaSession est un emailSessionPOP3
MaSession.AdresseServeur = "pop.masociete.fr"
MaSession.Nom = "utilisateur"
MaSession.MotDePasse = "secret"
EmailOuvreSession(MaSession)
