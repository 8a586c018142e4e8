// https://doc.pcsoft.fr/fr-FR/?3032028&name=emailouvresession_fonction&product=WM
// Exemple verbatim (syntaxe POP3 + SMTP). A renseigner : USER, PASSWORD, NomUser.
// Envoi d'un email par le protocole POP3
SI EmailOuvreSession(USER, PASSWORD, "pop3.gmail.com", "smtp.gmail.com") = Vrai ALORS
NomUser = USER
SINON
NomUser = ""
Erreur("Impossible d'établir la connexion")
FIN
