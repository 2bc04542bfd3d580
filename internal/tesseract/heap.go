package tesseract

// #include <malloc.h>
// static size_t heap_in_use(void) { return mallinfo2().uordblks; }
import "C"

// cHeapInUse returns the bytes the C heap has handed out and not had back.
// Tests use it to tell a leak in Tesseract's calls from RSS drift (glibc
// keeps freed pages, so RSS grows slowly even when nothing leaks).
func cHeapInUse() int { return int(C.heap_in_use()) }
