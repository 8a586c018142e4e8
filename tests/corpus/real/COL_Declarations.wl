
gtaGlobalCache est un tableau associatif de variants

CONSTANT 
	CONST_API_KEY			= "API_KEY"
	CONST_STORAGE_BUCKET	= "STORAGE_BUCKET"
	CONST_PROJET_ID			= "PROJET_ID"
	
	CONST_FIELDS			= "fields"
	CONST_VALUES			= "values"
fin




STFirebaseConfig est une Structure
	sAPIKey			est une chaîne
	sProjetId		est une chaîne
	sStorageBucket	est une chaîne
FIN

EDirectionTriFirestore est une Enumération
	ASCENDING		= "ASCENDING"
	DESCENDING		= "DESCENDING"
FIN

// Operators
// https://firebase.google.com/docs/firestore/reference/rest/v1beta1/StructuredQuery#operator_1
EOperateurFirestore est une Enumération
	EQUAL					= "EQUAL"
	NOT_EQUAL				= "NOT_EQUAL"
	GREATER_THAN			= "GREATER_THAN"
	GREATER_THAN_OR_EQUAL	= "GREATER_THAN_OR_EQUAL"
	LESS_THAN				= "LESS_THAN"
	LESS_THAN_OR_EQUAL		= "LESS_THAN_OR_EQUAL"
	ARRAY_CONTAINS			= "ARRAY_CONTAINS"
	ARRAY_CONTAINS_ANY		= "ARRAY_CONTAINS_ANY"
	IN_						= "IN"
	NOT_IN					= "NOT_IN"
FIN



ETypesFirestore est une Enumération
	EnumChaine		= "stringValue"
	EnumEntier		= "integerValue"
	EnumReel		= "doubleValue"
	EnumBoolean		= "booleanValue"
	EnumTableau		= "arrayValue"
	EnumObjet		= "mapValue"
FIN

EMethodeAutorisée est une Enumération
	eHTTPGet		= 1
	eHTTPPost		= 2
	eHTTPPut		= 3
	eHTTPDelete		= 4
	eHTTPPatch		= 6
FIN

STProviderOauthOptions est une Structure
	sClientID		est une chaîne
	sClientSecret	est une chaîne
	sScope			est une chaîne
	sURLRedirection	est une chaîne
FIN

STHttpOption est une Structure
	eMethode		est EMethodeAutorisée
	bufContenu		est un Buffer
	sContentType	est une chaîne
	taEntête		est un tableau associatif de chaînes
FIN

STIntegerValue	is Structure
	integerValue is numeric
END

STStringValue is Structure
	stringValue is string
END

STDoubleValue est Structure
	doubleValue est un numérique
FIN

STMapFields is Structure
	fields	est un JSON
FIN

STMapValue is Structure
	mapValue	est un STMapFields
FIN

STBooleanValue is Structure
	booleanValue is boolean
END

STBufferValue is Structure
	bufferValue is Buffer
END

STFieldPath is Structure
	fieldPath est une chaîne ANSI
END

stfieldsToken is Structure
	div_uuid	is STStringValue
	div_token	is STStringValue
	div_type	is STStringValue
END

stDocTokens is Structure
	name		is string
	fields		is stfieldsToken
	createTime	is string
	updateTime	is string
END

stListaTokens is Structure
	documents is array of stDocTokens
END

// Method: projects.databases.documents.list
// https://cloud.google.com/firestore/docs/reference/rest/v1/projects.databases.documents/list
STUpdQueryParams est une Structure
	pageSize	est un entier
	pageToken	est une chaîne
	orderBy		est une chaîne
	mask		est une chaîne
	showMissing	est un booléen
FIN
