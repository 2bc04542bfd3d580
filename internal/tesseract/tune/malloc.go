package tune

// void civreg_keep_heap(void);
import "C"

// Tesseract allocates and frees page-sized buffers (a page's image, its
// lines, the network's arrays) over and over. By default glibc serves
// those from fresh mappings and gives freed heap back at once, so each
// page faults its memory in anew; with two workers in one process the
// faults contend with each other, and the kernel's time became half the
// scan's (13 pages: 17.9 and 19.8 s wall, 14.7 and 17.7 s of it system
// time, against 11.9 and 11.1 s with 6.9 and 6.1 s once the heap is
// kept). Kept (malloc.c), the freed memory is reused: large blocks stay
// on the heap up to 32 MiB (glibc's ceiling) and the heap is trimmed only
// past 1 GiB free.
func init() { C.civreg_keep_heap() }
