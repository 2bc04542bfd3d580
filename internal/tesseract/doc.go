// Package tesseract reads images with Tesseract for civreg: it implements
// ocr.Engine, giving word boxes with confidences for locating printed
// labels on a page, and single-line reads of value crops with an optional
// character whitelist and per-character confidences for review. It also
// encodes the stored page images as JPEG with Leptonica (EncodeJPEG).
//
// It is the only package that links Tesseract, and only cmd/ and the
// tests that read real pages import it. It calls Tesseract's C API
// directly through cgo, not through gosseract: gosseract v2.4.1 leaks the
// strings and the iterator of every read, accepts only encoded images,
// and recognises an image again for each kind of result. Here the pixels
// of an *image.Gray go to Tesseract in place (no PNG, PGM or BMP
// encoding), and one recognition gives words and symbols.
//
// An Engine holds one Tesseract instance and is not safe for concurrent
// use: a pipeline that reads pages in parallel creates one Engine per
// worker and keeps it for many pages.
//
// Tesseract 5 parallelises inside one recognition with OpenMP. civreg
// parallelises across pages instead, which is faster on few cores: run
// with OMP_THREAD_LIMIT=1, as the Makefile and bench do. The binaries
// also import the tune package, which replaces libgomp's, Leptonica's
// and glibc's behaviour for the whole process to save a fifth of a
// page's CPU time; this package alone changes nothing outside its calls.
package tesseract
