// glibc malloc kept from giving page-sized blocks back: see malloc.go.

#include <malloc.h>

void civreg_keep_heap(void) {
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
}
