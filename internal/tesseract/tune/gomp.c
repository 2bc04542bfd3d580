// Tesseract's OpenMP entry points, run on the calling thread: see gomp.go.

// The sections of the innermost "parallel sections" region running on
// this thread: the next one to hand out, and how many there are.
static __thread unsigned sec_next, sec_count;

// How many regions this thread has run, for the tests.
static __thread unsigned long long regions;
unsigned long long civreg_gomp_regions(void) { return regions; }

void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags) {
	regions++;
	fn(data);
}

void GOMP_parallel_sections(void (*fn)(void *), void *data, unsigned num_threads, unsigned count, unsigned flags) {
	regions++;
	unsigned next = sec_next, n = sec_count;
	sec_next = 1;
	sec_count = count;
	fn(data);
	sec_next = next;
	sec_count = n;
}

unsigned GOMP_sections_next(void) {
	if (sec_next == 0 || sec_next > sec_count)
		return 0;
	return sec_next++;
}

void GOMP_sections_end_nowait(void) {}
