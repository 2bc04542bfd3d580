// Package ingest turns the paths a user names into decoded page images.
//
// Walk expands files and directories into a deterministic list of inputs,
// safely: it opens only regular files, never follows a symlink into a loop,
// and gives every name a printable form. Open decodes a file's pages one at
// a time (PNG, JPEG, multi-page TIFF including bilevel pages in either
// photometric interpretation and bit order, uncompressed, G3 1-D, G4, LZW
// or PackBits, and PDF through internal/pdf), deciding the type by content, not by extension, and
// refusing a page over the pixel cap before any pixel is decoded. Scan
// directories are hostile ground (truncated files, decompression bombs,
// files renamed to the wrong extension): every failure is a one-line
// registry error, never a panic.
package ingest
