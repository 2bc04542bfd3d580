// Package ocr is what civreg's pipeline knows of an OCR engine: the Engine
// interface it reads pages and value crops through, and the results (Word,
// Line, Symbol, Reading) and page segmentation modes (Mode) it speaks in.
//
// It is pure Go and imports nothing of civreg's, so that the pipeline
// builds and is tested without Tesseract: internal/tesseract implements
// Engine with Tesseract's C API (cgo), and ocr/ocrtest with a table, for
// tests. Only the binaries (cmd/) and the tests that read real pages
// import internal/tesseract.
package ocr
