// Smoke cases for the test harness itself.

//== Info prints each argument on its own line
Info("a", 1 + 1)
//> a
//> 2

//== Trace joins its arguments on one line of stderr
Trace("x", 3)
//! x, 3

//== a fatal error stops the run on its line
x est un entier = 1
y = x / 0 //!! division par zéro
