// Package moj writes the national civil-status register's import package
// (shared/spec/national.md): for each register book, an Excel workbook with
// one row per verified entry in the columns of the Ministry of Justice's
// import template, and a zip holding one PDF per entry, the original colour
// page.
//
// It needs only a store that walks records and hands out original page
// images (Store), so any store implementation exports the same bytes. A
// book is written whole or not at all: every file goes to a temporary name
// and is renamed once complete, and a manifest of content hashes in the
// output directory lets a rerun skip the books that did not change.
//
// The template's columns, codes and required fields are data
// (template.json); the naming of the files is in one place (names.go).
package moj
