// https://help.windev.com/?3032031&name=managing_the_emails_with_the_pop3smtp_protocols&product=WD
// Verbatim step 1 from the auto-translated page: FR variable names, EN keywords and EN property names.
// Ouverture de la session de messagerie
MaSession is emailPOP3Session
MaSession.ServerAddress = "pop.masociete.fr"
MaSession.Name = "utilisateur"
MaSession.Password = "secret"
EmailStartSession(MaSession)
