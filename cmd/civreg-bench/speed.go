package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/civreg/civreg/internal/synth"
)

var speedReps = flag.Int("speed-reps", 3, "bench: times civreg scan and the tesseract CLI each read the same pages, alternating (medians reported)")

// speed is civreg scan and the plain tesseract CLI timed on the same pages
// in the same run: medians over the repetitions, per page.
type speed struct {
	pages, reps           int
	civregCPU, cliCPU     float64 // seconds of CPU (user + system) per page
	civregWall, cliWall   float64 // seconds per page
	civregPeak, cliPeak   int64   // KiB, the largest of any run
	civregRuns, cliRuns   []float64
	civregWalls, cliWalls []float64
}

// perCore is pages per minute per core: pages per minute of CPU.
func perCore(cpuPerPage float64) float64 { return 60 / cpuPerPage }

// speedFiles are the pages the CLI reads as civreg does: one page to a
// file, in a container Tesseract opens itself (PNG, JPEG, TIFF with G4).
func speedFiles(truths []synth.Truth, dir string, n int) []string {
	perFile := map[string]int{}
	for _, t := range truths {
		perFile[t.File]++
	}
	var files []string
	for _, t := range truths {
		ext := strings.ToLower(filepath.Ext(t.File))
		if (ext == ".png" || ext == ".jpg" || ext == ".jpeg" || ext == ".tif" || ext == ".tiff") && perFile[t.File] == 1 && len(files) < n {
			files = append(files, filepath.Join(dir, t.File))
		}
	}
	return files
}

// measureSpeed times civreg scan (one process, one worker, a new store
// each time) and the tesseract CLI (`tesseract FILE stdout -l vie`, one
// process a page, one thread) on the same files, back to back, reps times,
// alternating. CPU time is what counts: on a shared machine another's load
// stretches the wall clock of either, not the CPU each one used.
func measureSpeed(bin, dir string, files []string, reps int) (*speed, error) {
	if len(files) == 0 {
		return nil, fmt.Errorf("no single-image pages to time")
	}
	if _, err := exec.LookPath("tesseract"); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	s := &speed{pages: len(files), reps: max(reps, 1)}
	n := float64(len(files))
	for i := range s.reps {
		db := filepath.Join(dir, fmt.Sprintf("speed-%d.db", i))
		args := append([]string{"--db", db, "--quiet", "scan", "--workers", "1", "--audit-rate", "0", "--office", "UBND phường Bến Nghé"}, files...)
		cpu, wall, peak, err := timed(exec.Command(bin, args...))
		if err != nil && !exitedPartly(err) {
			return nil, fmt.Errorf("civreg scan: %w", err)
		}
		s.civregRuns, s.civregWalls = append(s.civregRuns, cpu/n), append(s.civregWalls, wall/n)
		s.civregPeak = max(s.civregPeak, peak)
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(db + suffix)
		}
		var cliCPU, cliWall float64
		for _, f := range files {
			cpu, wall, peak, err := timed(exec.Command("tesseract", f, "stdout", "-l", "vie"))
			if err != nil {
				return nil, fmt.Errorf("tesseract %s: %w", f, err)
			}
			cliCPU, cliWall = cliCPU+cpu, cliWall+wall
			s.cliPeak = max(s.cliPeak, peak)
		}
		s.cliRuns, s.cliWalls = append(s.cliRuns, cliCPU/n), append(s.cliWalls, cliWall/n)
	}
	s.civregCPU, s.cliCPU = median(s.civregRuns), median(s.cliRuns)
	s.civregWall, s.cliWall = median(s.civregWalls), median(s.cliWalls)
	return s, nil
}

// timed runs c with one OpenMP thread and returns the CPU and wall
// seconds it took and its peak RSS in KiB.
func timed(c *exec.Cmd) (cpu, wall float64, peakKB int64, err error) {
	c.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	start := time.Now()
	err = c.Run()
	wall = time.Since(start).Seconds()
	if c.ProcessState == nil {
		return 0, wall, 0, err
	}
	cpu = (c.ProcessState.UserTime() + c.ProcessState.SystemTime()).Seconds()
	return cpu, wall, c.ProcessState.SysUsage().(*syscall.Rusage).Maxrss, err
}

// exitedPartly says civreg scan finished with some pages refused (exit
// code 3): timed all the same.
func exitedPartly(err error) bool {
	ee, ok := err.(*exec.ExitError)
	return ok && ee.ExitCode() == 3
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// report writes the comparison as markdown lines.
func (s *speed) report(b *strings.Builder, what string) {
	fmt.Fprintf(b, "\nSpeed on the same %d pages (%s: one page to a file, PNG, JPEG or TIFF), civreg scan (one worker) and "+
		"`tesseract FILE stdout -l vie` (one process a page) back to back, alternating, %d times; medians, CPU time (user + system), one thread each:\n\n",
		s.pages, what, s.reps)
	fmt.Fprintf(b, "| measure | civreg scan | tesseract CLI |\n|---|---|---|\n")
	fmt.Fprintf(b, "| pages/min per core | %.1f | %.1f |\n", perCore(s.civregCPU), perCore(s.cliCPU))
	fmt.Fprintf(b, "| CPU s per page (each run) | %.3f (%s) | %.3f (%s) |\n", s.civregCPU, seconds(s.civregRuns), s.cliCPU, seconds(s.cliRuns))
	fmt.Fprintf(b, "| wall s per page | %.3f | %.3f |\n", s.civregWall, s.cliWall)
	fmt.Fprintf(b, "| peak RSS | %.0f MiB | %.0f MiB |\n", float64(s.civregPeak)/1024, float64(s.cliPeak)/1024)
	fmt.Fprintf(b, "\ncivreg / CLI, pages/min per core: **%.2f×**.\n", s.cliCPU/s.civregCPU)
}

func seconds(xs []float64) string {
	var out []string
	for _, x := range xs {
		out = append(out, fmt.Sprintf("%.3f", x))
	}
	return strings.Join(out, ", ")
}
