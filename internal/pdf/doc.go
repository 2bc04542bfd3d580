// Package pdf finds the scanned page images inside a PDF.
//
// It is the only package that reads PDFs (through pdfcpu). A register scan
// PDF holds one raster image per page; this package hands out that image's
// bytes still encoded (JPEG, Flate samples, CCITT, ...) together with what a
// decoder needs to know, and leaves the decoding to the caller. It never
// inflates an image stream itself: pdfcpu would inflate a whole stream before
// anyone could look at it, so the pixel cap is checked on the image
// dictionary's /Width and /Height first.
package pdf
