// Package registry holds the domain of civreg: the four kinds of civil-status
// register book, the records read from their pages, the statuses a field
// goes through on its way to verified, the error codes every other package
// speaks, and the service interfaces the store implements.
//
// It imports nothing but the standard library, and nothing of ours imports
// it the other way round: it is the centre of the dependency graph.
package registry
