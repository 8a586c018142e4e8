// The same in English keywords, accents optional.
//   wlmail run samples/hello-en.wl
CONSTANT
	SENDER = "team@example.com"
END
arrTo is array of strings = ["zoe@example.com", "marc@example.com", "not-an-address"]
nOK, nKO are int

FOR EACH sAddr, i OF arrTo
	IF NOT sAddr [=] "@" THEN
		nKO++
		Trace("skipped address: " + sAddr)
		CONTINUE
	END
	nOK++
	Info(Prepare(sAddr, i))
END
Info(StringBuild("%1 message(s) ready, %2 skipped", nOK, nKO))

PROCEDURE Prepare(LOCAL sTo is string, nRank is int) : string
sName is string = Left(sTo, Position(sTo, "@") - 1)
RESULT "[%nRank%] From: " + SENDER + " - To: " + sTo + " - Hello " + Upper(sName[[1]]) + sName[[2 TO]] + "!"
