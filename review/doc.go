// Package review will hold the local review and keying station (issue 4):
// the web UI in which reviewers correct what the scan was unsure of and key
// handwritten pages. It is empty until that work lands; the store already
// keeps the review tasks and the page images it will serve.
package review
