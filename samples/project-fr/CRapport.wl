// Classe CRapport : le rapport envoyé à un destinataire, et ses méthodes.

CRapport est une Classe
PROTÉGÉ
	m_sDestinataire est une chaîne
FIN

PROCÉDURE CRapport.Constructeur(sDestinataire est une chaîne)
:m_sDestinataire = sDestinataire

// Méthode virtuelle : CRapportUrgent la redéfinit.
PROCÉDURE CRapport.Sujet() : chaîne
RENVOYER PRÉFIXE_SUJET + "rapport du " + DateVersChaîne(DateDuJour(), "JJ/MM/AAAA")

PROCÉDURE CRapport.Message() : Email
MonMessage est un Email
MonMessage.Expéditeur = gsExpéditeur
Ajoute(MonMessage.Destinataire, :m_sDestinataire)
MonMessage.Sujet = Sujet()
MonMessage.Message = "Bonjour," + RC + "voici le rapport de " + APPLICATION + "."
sModèles est une chaîne = fRepExe() + [fSep] + "modeles"
sHTML est une chaîne = fChargeTexte(sModèles + fSep + "rapport.html")
SI PAS EmailImporteHTML(MonMessage, sHTML, sModèles) ALORS
	Erreur("Modèle HTML : " + ErreurInfo(errMessage))
FIN
RENVOYER MonMessage
