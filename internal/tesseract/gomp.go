package tesseract

// Tesseract 5 is built with OpenMP: its LSTM steps open a parallel region
// ("#pragma omp parallel for", "parallel sections") many thousand times
// per page. civreg runs one Tesseract per worker on one thread each
// (OMP_THREAD_LIMIT=1), yet libgomp still sets up a team for every region
// and ends it with a futex wake-up system call: a sixth of the CPU time
// of a whole-page read (measured 620 ms without this file, 505 ms with
// it, BenchmarkPage/300dpi/block), for nothing. The entry points Tesseract uses are defined
// here, running each region on the calling thread, in order, as libgomp
// does with one thread. The executable's definitions come first in the
// dynamic linker's search, so Tesseract binds to these; omp_get_thread_num
// and omp_get_num_threads stay libgomp's, and outside any team they say
// 0 and 1, as code running alone should hear.

// // The sections of the innermost "parallel sections" region running on
// // this thread: the next one to hand out, and how many there are.
// static __thread unsigned sec_next, sec_count;
//
// // How many regions this thread has run, for the tests.
// static __thread unsigned long long regions;
// static unsigned long long gomp_regions(void) { return regions; }
//
// void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags) {
// 	regions++;
// 	fn(data);
// }
//
// void GOMP_parallel_sections(void (*fn)(void *), void *data, unsigned num_threads, unsigned count, unsigned flags) {
// 	regions++;
// 	unsigned next = sec_next, n = sec_count;
// 	sec_next = 1;
// 	sec_count = count;
// 	fn(data);
// 	sec_next = next;
// 	sec_count = n;
// }
//
// unsigned GOMP_sections_next(void) {
// 	if (sec_next == 0 || sec_next > sec_count)
// 		return 0;
// 	return sec_next++;
// }
//
// void GOMP_sections_end_nowait(void) {}
import "C"

// gompRegions returns how many OpenMP regions the calling OS thread has
// run through the definitions above.
func gompRegions() uint64 { return uint64(C.gomp_regions()) }
