// https://doc.pcsoft.fr/fr-FR/?1000022307&name=%3Cvariable_emailsessionoutlook%3Erecuperetout_fonction
// Verbatim. NOTE: Outlook session (not POP3/IMAP); kept as the only documented example of the
// method form .RécupèreTout and of ertNonLus. To run it on IMAP, the test must swap the type (ruling).
// Récupération de tous les emails non lus de la boîte de réception.
SessionOutlook est une emailSessionOutlook
tabEmailNonLus est un tableau de Emails
 
// Ouverture de la session
SessionOutlook.OuvreSession()
 
// Récupération de tous les emails non lus
tabEmailNonLus = SessionOutlook.RécupèreTout(ertNonLus)
 
// Affichage des informations de chaque email
POUR TOUT MonEmail DE tabEmailNonLus
ZR_EMAIL.AjouteLigne(MonEmail.Expediteur, MonEmail.Message, MonEmail.Sujet)
FIN
