package tune

// Tesseract 5 is built with OpenMP: its LSTM steps open a parallel region
// ("#pragma omp parallel for", "parallel sections") many thousand times
// per page. civreg runs one Tesseract per worker on one thread each
// (OMP_THREAD_LIMIT=1), yet libgomp still sets up a team for every region
// and ends it with a futex wake-up system call: a sixth of the CPU time
// of a whole-page read (measured 620 ms without gomp.c, 505 ms with it,
// BenchmarkPage/300dpi/block), for nothing. gomp.c defines the entry
// points Tesseract uses, running each region on the calling thread, in
// order, as libgomp does with one thread. The executable's definitions come first in the
// dynamic linker's search, so Tesseract binds to these; omp_get_thread_num
// and omp_get_num_threads stay libgomp's, and outside any team they say
// 0 and 1, as code running alone should hear.

// unsigned long long civreg_gomp_regions(void);
import "C"

// gompRegions returns how many OpenMP regions the calling OS thread has
// run through gomp.c's definitions.
func gompRegions() uint64 { return uint64(C.civreg_gomp_regions()) }
