// Package scan is the batch pipeline: it walks the input files, decodes
// their pages (ingest), cleans each page (preprocess), runs one OCR pass
// for the printed labels (ocr), finds the fields (locate), reads again the
// values it is unsure of, normalises and validates them with the
// cross-field rules (normalize), routes each field (route) and stores the
// page with its record and review tasks in one transaction (a
// registry.ScanStore).
//
// It never prints: it reports through Options.Progress, and a bad input is
// a failed page in the report, never the end of the batch.
package scan
