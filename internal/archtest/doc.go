// Package archtest holds the test that keeps civreg's imports flowing one
// way (cmd → review, pipeline, stores, engine → registry, ocr → standard
// library): the rules are data in imports_test.go, and `make lint` runs
// them. The package has no code of its own.
package archtest
