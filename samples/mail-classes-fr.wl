// Un envoi de mails écrit avec des classes, comme dans un projet WINDEV, en français.
// Essayer sans serveur :
//   wlmail run --sandbox samples/mail-classes-fr.wl
// La configuration choisit le serveur : ajouter --configuration Test pour le serveur de test.

<COMPILE SI TypeConfiguration = Test>
CONSTANTE SERVEUR = "smtp.test.exemple.fr"
<SINON>
CONSTANTE SERVEUR = "smtp.exemple.fr"
<FIN>

CExpéditeur est une Classe
PROTÉGÉ
	m_Session est un emailSessionSMTP
	m_nEnvoyés est un entier
FIN

CExpéditeurSignature est une Classe
	hérite de CExpéditeur
	m_sSignature est une chaîne
FIN

// une lettre : le sujet et le corps viennent de la classe de l'objet (méthodes virtuelles)
CLettre est une Classe
	m_sDestinataire est une chaîne
FIN

CRelance est une Classe
	hérite de CLettre
	m_nJours est un entier
FIN

exp est un CExpéditeurSignature(SERVEUR, "service@exemple.fr", "Le service clients")
tabLettres est un tableau de CLettre dynamique
Ajoute(tabLettres, allouer un CLettre("zoe@exemple.fr"))
Ajoute(tabLettres, allouer un CRelance("marc@exemple.fr", 15))
POUR TOUT l DE tabLettres
	SI PAS exp.Envoie(l) ALORS Erreur("Échec pour " + l.m_sDestinataire + " : " + ErreurInfo())
FIN
Info(exp.Bilan())


PROCÉDURE CExpéditeur.Constructeur(sServeur, sCompte)
:m_Session.AdresseServeur = sServeur
:m_Session.Port = 587
:m_Session.Nom = sCompte
:m_Session.MotDePasse = "mot-de-passe-d-application"
:m_Session.Option = emailOptionSécuriséTLS

PROCÉDURE CExpéditeur.Corps(sTexte)
RENVOYER sTexte

PROCÉDURE CExpéditeur.Envoie(l est un CLettre dynamique) : booléen
SI PAS EmailOuvreSession(:m_Session) ALORS RENVOYER Faux
m est un Email
m.Expéditeur = :m_Session.Nom
Ajoute(m.Destinataire, l.m_sDestinataire)
m.Sujet = l.Sujet()
m.Message = Corps(l.Texte())
bOK est un booléen = EmailEnvoieMessage(:m_Session, m)
EmailFermeSession(:m_Session)
SI bOK ALORS :m_nEnvoyés++
RENVOYER bOK

PROCÉDURE CExpéditeur.Bilan()
RENVOYER ChaîneConstruit("%1 message(s) envoyé(s) par %2", :m_nEnvoyés, :m_Session.AdresseServeur)

PROCÉDURE CExpéditeurSignature.Constructeur(sServeur, sCompte, sSignature)
Constructeur CExpéditeur(sServeur, sCompte)
m_sSignature = sSignature

PROCÉDURE CExpéditeurSignature.Corps(sTexte)
RENVOYER Ancêtre.Corps(sTexte) + RC + "-- " + RC + m_sSignature

PROCÉDURE CLettre.Constructeur(sÀ)
m_sDestinataire = sÀ

PROCÉDURE CLettre.Sujet()
RENVOYER "Information"

PROCÉDURE CLettre.Texte()
RENVOYER "Bonjour," + RC + "voici nos nouvelles."

PROCÉDURE CRelance.Constructeur(sÀ, nJours)
Constructeur CLettre(sÀ)
m_nJours = nJours

PROCÉDURE CRelance.Sujet()
RENVOYER "Relance : facture en retard de " + m_nJours + " jours"

PROCÉDURE CRelance.Texte()
RENVOYER "Bonjour," + RC + "votre facture attend depuis " + m_nJours + " jours."
