// Package review is the local review and keying station: a small web server
// in which reviewers settle the fields the scan was unsure of, key
// handwritten pages (single, group and record-entry modes, double entry
// with arbitration), supervisors follow the progress, and issuers search
// records and issue certified extracts.
//
// Pages are rendered on the server from html/template files embedded in
// the binary and parsed once; a few small vanilla JavaScript files add the
// keyboard (Enter accepts, typing replaces, F2 blank, F3 illegible, Esc
// skips). Every response carries a strict Content-Security-Policy: no inline
// script or style. Roles are checked on the server for every request; forms
// carry the session's anti-forgery token and cross-origin POSTs are
// refused. The store, the searcher and the issuer are interfaces from
// registry; only cmd/civreg wires the concrete ones.
package review
