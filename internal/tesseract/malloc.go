package tesseract

// #include <malloc.h>
// static size_t heap_in_use(void) { return mallinfo2().uordblks; }
// static void keep_heap(void) {
// 	mallopt(M_MMAP_THRESHOLD, 32 << 20);
// 	mallopt(M_TRIM_THRESHOLD, 1 << 30);
// }
import "C"

// cHeapInUse returns the bytes the C heap has handed out and not had back.
// Tests use it to tell a leak in Tesseract's calls from RSS drift (glibc
// keeps freed pages, so RSS grows slowly even when nothing leaks).
func cHeapInUse() int { return int(C.heap_in_use()) }

// Tesseract allocates and frees page-sized buffers (a page's image, its
// lines, the network's arrays) over and over. By default glibc serves
// those from fresh mappings and gives freed heap back at once, so each
// page faults its memory in anew; with two workers in one process the
// faults contend with each other, and the kernel's time became half the
// scan's (13 pages: 17.9 and 19.8 s wall, 14.7 and 17.7 s of it system
// time, against 11.9 and 11.1 s with 6.9 and 6.1 s once the heap is
// kept). Kept, the freed memory is reused: large blocks stay on the heap
// up to 32 MiB (glibc's ceiling) and the heap is trimmed only past 1 GiB
// free.
func init() { C.keep_heap() }
