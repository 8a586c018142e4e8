// https://doc.pcsoft.fr/fr-FR/?3032024&name=emailnbmessage_fonction
// Exemple verbatim. A renseigner : NomUser (clé de session ouverte avant), CL (fichier de données / structure
// avec NOM et MESSAGE_TXT). La ligne "..." est le marqueur de la doc (règle : sans effet).
// Boucle de lecture de tous les messages reçus présents
// dans la boîte aux lettres du protocole POP3
I est un entier
nbMSG est un entier = EmailNbMessage(NomUser)
POUR I = 1 À nbMSG
EmailLitMessage(NomUser,I)
SI Email.EnDehors <> Vrai ALORS
CL.NOM = Email.Expéditeur
CL.MESSAGE_TXT = Email.Message
...
SINON
Info("Ce message a été supprimé")
FIN
FIN
