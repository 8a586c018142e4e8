// OAuth sans réseau : les propriétés d'un OAuth2Paramètres (aussi exportées en Python).

//== OAuth2Paramètres : propriétés écrites puis relues
p est un OAuth2Paramètres
p.ClientID = "mon-app"
p.URLAuth = "https://accounts.google.com/o/oauth2/auth"
p.URLRedirection = "http://localhost:9000/retour"
p.TypeRéponse = oauth2TypeRéponseCode
Info(p.ClientID, p.URLAuth + " -> " + p.URLRedirection)
//> mon-app
//> https://accounts.google.com/o/oauth2/auth -> http://localhost:9000/retour

//== un OAuth2Paramètres neuf a des propriétés vides
p est un OAuth2Paramètres
Info("[" + p.ClientID + "]", "[" + p.Scope + "]", "[" + p.ParamètresSupplémentaires + "]")
//> []
//> []
//> []

//== les noms sans accents désignent les mêmes propriétés
p est un OAuth2Paramètres
p.URLRedirection = "http://127.0.0.1:8080/"
p.ParametresSupplementaires = "prompt=consent"
Info(p.urlredirection, p.ParamètresSupplémentaires)
//> http://127.0.0.1:8080/
//> prompt=consent
