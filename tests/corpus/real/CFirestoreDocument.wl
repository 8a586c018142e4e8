
CONSTANT CONST_DONNEES_UTILISATEUR = "fields"

ETypesFirestore est une Enumération
	EnumChaine		= "stringValue"
	EnumEntier		= "integerValue"
	EnumReel		= "doubleValue"
	EnumBoolean		= "booleanValue"
	EnumTableau		= "arrayValue"
	EnumObjet		= "mapValue"
FIN

CFireStoreDocument est une Classe
	prive
		m_jsonDocumentTemp est json 
	
fin

procédure Constructeur()

//{"m_jsonDocumentTemp.", indVariable} =  ""

procédure Destructeur()

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
//DefinirChaîne (<sNomDuchamp> est chaîne, <sValeurDuchamp> est chaîne)
//
// Paramètres :
//	sNomDuchamp (chaîne ANSI) : <indiquez ici le rôle de NomDuchamp>
//	sValeurDuchamp (chaîne ANSI) : <indiquez ici le rôle de valeurDuchamp>
// Valeur de retour :
// 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
procédure DefinirChaîne(local sNomDuchamp est une chaîne , sValeurDuchamp est chaîne)

{"m_jsonDocumentTemp.[%CONST_DONNEES_UTILISATEUR%].[%sNomDuchamp%].[%EnumChaine..Valeur%]", indVariable} =  sValeurDuchamp

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
//DefinirEntier (<sNomDuchamp> est chaîne, <nValeurDuchamp> est entier)
//
// Paramètres :
//	sNomDuchamp (chaîne ANSI) : <indiquez ici le rôle de NomDuchamp>
//	nValeurDuchamp (entier) : <indiquez ici le rôle de valeurDuchamp>
// Valeur de retour :
// 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
procédure DefinirEntier(local sNomDuchamp est une chaîne , local nValeurDuchamp est un entier)

{"m_jsonDocumentTemp.[%CONST_DONNEES_UTILISATEUR%].[%sNomDuchamp%].[%EnumEntier..Valeur%]", indVariable} =  nValeurDuchamp

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
//DefinirBooleen (<sNomDuchamp> est chaîne, <bValeurDuchamp> est booléen)
//
// Paramètres :
//	sNomDuchamp (chaîne ANSI) : <indiquez ici le rôle de NomDuchamp>
//	bValeurDuchamp (booléen) : <indiquez ici le rôle de valeurDuchamp>
// Valeur de retour :
// 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
procédure DefinirBooleen(local sNomDuchamp est une chaîne , bValeurDuchamp est un booléen)

{"m_jsonDocumentTemp.[%CONST_DONNEES_UTILISATEUR%].[%sNomDuchamp%].[%EnumBoolean..Valeur%]", indVariable} =  bValeurDuchamp

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
//[ <Résultat> = ] Executer ()
//
// Paramètres :
//	Aucun
// Valeur de retour :
// 	JSON : // 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
procédure Executer():json

renvoyer m_jsonDocumentTemp

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
//DefinirReel (<sNomDuchamp> est chaîne, <rValeurDuchamp> est réel)
//
// Paramètres :
//	sNomDuchamp (chaîne ANSI) : <indiquez ici le rôle de NomDuchamp>
//	rValeurDuchamp (réel) : <indiquez ici le rôle de valeurDuchamp>
// Valeur de retour :
// 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
procédure DefinirReel(local sNomDuchamp est une chaîne , local rValeurDuchamp est un reel)

{"m_jsonDocumentTemp.[%CONST_DONNEES_UTILISATEUR%].[%sNomDuchamp%].[%EnumReel..Valeur%]", indVariable} =  rValeurDuchamp

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
//DefinirTableau (<sNomDuchamp> est chaîne, <tabValeurDuchamp>)
//
// Paramètres :
//	sNomDuchamp (chaîne ANSI) : <indiquez ici le rôle de sNomDuchamp>
//	tabValeurDuchamp : <indiquez ici le rôle de tabValeurDuchamp>
// Valeur de retour :
// 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
procédure DefinirTableau(LOCAL sNomDuchamp est une chaîne, tabValeurDuchamp est un tableau dynamique)

pour TOUT ÉLÉMENT Valeur, nClé DE tabValeurDuchamp	

 {"m_jsonDocumentTemp.[%CONST_DONNEES_UTILISATEUR%].[%sNomDuchamp%].[%EnumTableau..Valeur%].values[[%nClé%]].[%ObtenirValeurEnum(TypeVar(Valeur))%]", indVariable} =  Valeur

FIN

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
//DefinirObjet (<sNomDuchamp> est chaîne, <jsonValeurDuchamp> est JSON)
//
// Paramètres :
//	sNomDuchamp (chaîne ANSI) : <indiquez ici le rôle de sNomDuchamp>
//	jsonValeurDuchamp (JSON) : <indiquez ici le rôle de tabValeurDuchamp>
// Valeur de retour :
// 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
procédure DefinirObjet(LOCAL sNomDuchamp est une chaîne, jsonValeurDuchamp est un json)

pour tout UnMembre de jsonValeurDuchamp..Membre
	
	si UnMembre..Membre..Occurrence = 0 ALORS
		Definition est un Définition = RécupèreDéfinition(UnMembre..Valeur)
			
		{"m_jsonDocumentTemp.[%CONST_DONNEES_UTILISATEUR%].[%sNomDuchamp%].[%EnumObjet..Valeur%].[%CONST_DONNEES_UTILISATEUR%].[%UnMembre..Nom%].[%ObtenirValeurEnum(Definition..Type)%]", indVariable} =  UnMembre..Valeur
	FIN
FIN

// Résumé : <indiquez ici ce que fait la procédure>
// Syntaxe :
//[ <Résultat> = ] ObtenirValeurEnum (<nTypeDefinition> est entier)
//
// Paramètres :
//	nTypeDefinition (entier) : <indiquez ici le rôle de nTypeDefinition>
// Valeur de retour :
// 	chaîne ANSI : // 	Aucune
//
// Exemple :
// Indiquez ici un exemple d'utilisation.
//
procédure global ObtenirValeurEnum(local nTypeDefinition est un entier):chaîne

sValeurEnum est une chaîne

SELON nTypeDefinition
	CAS wlBooléen
		sValeurEnum = EnumBoolean..Valeur
	CAS wlChaîne, wlChaîneAnsi, wlChaîneUnicode
		sValeurEnum = EnumChaine..Valeur
	CAS wlEntier
		sValeurEnum = EnumEntier..Valeur
	CAS wlRéel
		sValeurEnum = EnumReel..Valeur
	CAS wlTableau
		sValeurEnum = EnumTableau..Valeur
		
FIN	

RENVOYER sValeurEnum
