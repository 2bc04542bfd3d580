// Package archtest holds the tests that keep civreg's shape: imports flow
// one way (cmd → review, pipeline, stores, engine → registry, ocr →
// standard library), with the rules as data in imports_test.go, and no
// function in internal/ or cmd/ is longer than 120 lines (funclen_test.go).
// `make lint` runs them. The package has no code of its own.
package archtest
