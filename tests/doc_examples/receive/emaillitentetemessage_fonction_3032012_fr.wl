// https://doc.pcsoft.fr/fr-FR/?3032012&name=emaillitentetemessage_fonction
// Exemple verbatim. A renseigner : NomUser (session POP3 ouverte), TailleMaxEmail, procédures LireMessage
// et RenvoiMessage.
// Utilisation du protocole POP3
// Lecture des emails dont la taille ne dépasse pas TailleMaxEmail
I est un entier
POUR I = 1 À EmailNbMessage(NomUser)
SI EmailTailleMessage(NomUser, I) < TailleMaxEmail ALORS
// Procédure de lecture et traitement du message
LireMessage()
SINON
EmailLitEntêteMessage(NomUser, I)
// Procédure de réponse signalant que l'email n'a pas été lu
RenvoiMessage(Email.AdresseExpéditeur)
FIN
FIN
