// Package preprocess turns a scanned register page into a clean, upright,
// deskewed grey image for field location and OCR.
//
// Clean runs, in order: red stamp and seal suppression on the colour
// pixels (before grey, where red ink is still told apart from black and
// blue), conversion to grey, contrast normalisation between the ink and
// paper levels, suppression of faint bleed-through from the back of the
// leaf, deskew by projection profiles, and an upside-down check. Each step
// is cheap: a 2400×3400 page takes well under the time of one Tesseract
// line read per step.
//
// EraseLeaders is separate and not part of Clean: it whites out the
// dotted leaders, underscore lines and frame rules of the printed form in
// a copy of the page, for OCR only (Tesseract reads leaders as garbage
// glued to the words). The stored page image keeps them.
//
// Limiting the pixel count of hostile inputs is the ingest's job, done
// before decoding; this package trusts the image it is given.
package preprocess
