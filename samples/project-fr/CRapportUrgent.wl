// Classe CRapportUrgent : un CRapport dont le sujet le dit urgent.

CRapportUrgent est une Classe
	hérite de CRapport
FIN

PROCÉDURE CRapportUrgent.Sujet() : chaîne
RENVOYER "URGENT " + Ancêtre.Sujet()
