// https://doc.pcsoft.fr/fr-GEN/?1000019189&name=emailstartimapsession_function
// Exemple verbatim. A renseigner : SAI_USER, SAI_PASSWORD (champs de saisie), procédure TraiteEmailRecus.
// Lecture d'un email par le protocole IMAP
SI EmailOuvreSessionIMAP(SAI_USER, SAI_PASSWORD, "imap.mondomaine.fr") = Vrai ALORS
	TraiteEmailRecus()
SINON
	Erreur("Impossible d'établir la connexion")
FIN
