// https://help.windev.com/en-US/?1000019189&name=emailstartimapsession_function
// Verbatim (EN keywords, French comments and names as on the page). Placeholders: SAI_USER, SAI_PASSWORD, TraiteEmailRecus.
// Lecture d'un email par le protocole IMAP
IF EmailStartIMAPSession(SAI_USER, SAI_PASSWORD, "imap.mondomaine.fr") = True THEN
TraiteEmailRecus()
ELSE
Error("Impossible d'établir la connexion")
END
