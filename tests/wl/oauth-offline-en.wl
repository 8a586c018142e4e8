// OAuth without a network: the properties of an OAuth2Parameters (also exported to Python).

//== OAuth2Parameters: properties written then read
p is OAuth2Parameters
p.ClientID = "my-app"
p.AuthURL = "https://accounts.google.com/o/oauth2/auth"
p.RedirectionURL = "http://localhost:9000/back"
p.ResponseType = oauth2ResponseTypeCode
Info(p.ClientID, p.AuthURL + " -> " + p.RedirectionURL)
//> my-app
//> https://accounts.google.com/o/oauth2/auth -> http://localhost:9000/back

//== a new OAuth2Parameters has empty properties
p is OAuth2Parameters
Info("[" + p.ClientID + "]", "[" + p.Scope + "]", "[" + p.AdditionalParameters + "]")
//> []
//> []
//> []

//== names are case-insensitive
p is OAuth2Parameters
p.redirectionurl = "http://127.0.0.1:8080/"
p.ADDITIONALPARAMETERS = "prompt=consent"
Info(p.RedirectionURL, p.AdditionalParameters)
//> http://127.0.0.1:8080/
//> prompt=consent
