package normalize

import "golang.org/x/text/unicode/norm"

// NFC returns s in Unicode normalisation form C.
func NFC(s string) string { return norm.NFC.String(s) }
