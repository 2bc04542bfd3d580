package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civreg/civreg/registry"
)

// Every way of calling civreg wrongly exits 2 with one line naming the
// mistake; a command that only groups others shows its help.
func TestUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "x.db")
	for _, tc := range []struct {
		args []string
		code int
		say  string
	}{
		{[]string{"scna"}, exitUsage, `unknown command "scna" for "civreg"; did you mean scan`},
		{[]string{"user", "lsit"}, exitUsage, `unknown command "lsit" for "civreg user"; did you mean list?`},
		{[]string{"keys", "x"}, exitUsage, `unknown command "x" for "civreg keys"`},
		{[]string{"--bogus"}, exitUsage, "unknown flag: --bogus"},
		{[]string{"scan", "--bogus", "."}, exitUsage, "unknown flag: --bogus"},
		{[]string{"export", "--batch", "x"}, exitUsage, `invalid argument "x" for "--batch"`},
		{[]string{"scan"}, exitUsage, "requires at least 1 arg"},
		{[]string{"backup"}, exitUsage, "accepts 1 arg"},
		{[]string{"search", "extra"}, exitUsage, `unknown command "extra" for "civreg search"`},
		{[]string{"user"}, exitOK, ""},
		{[]string{"review"}, exitOK, ""},
		{[]string{}, exitOK, ""},
	} {
		stdout, stderr, code := run(t, append([]string{"--db", db}, tc.args...)...)
		if code != tc.code {
			t.Errorf("civreg %q: exit %d, want %d\n%s", tc.args, code, tc.code, stderr)
		}
		if tc.say == "" {
			if stderr != "" || !strings.Contains(stdout, "Usage:") {
				t.Errorf("civreg %q: want help on stdout and nothing on stderr, got %q / %q", tc.args, stdout, stderr)
			}
			continue
		}
		if !strings.HasPrefix(stderr, "civreg: ") || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, tc.say) {
			t.Errorf("civreg %q: stderr %q, want one line saying %q", tc.args, stderr, tc.say)
		}
	}
}

func TestExitCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		code int
		line string
	}{
		{nil, exitOK, ""},
		{errors.New("disk full"), exitFailure, "civreg: disk full\n"},
		{registry.Errorf(registry.EINVALID, "--book: want NN/YYYY"), exitUsage, "civreg: --book: want NN/YYYY\n"},
		{usageError{errors.New("unknown flag: --x")}, exitUsage, "civreg: unknown flag: --x\n"},
		{partialError{"2 page(s) failed"}, exitPartial, "civreg: 2 page(s) failed\n"},
		{registry.Errorf(registry.ENOTFOUND, "no record 7"), exitNotFound, "civreg: no record 7\n"},
		{fmt.Errorf("save: %w", registry.Errorf(registry.ECONFLICT, "stale")), exitConflict, "civreg: stale\n"},
		{fmt.Errorf("scan: %w", context.Canceled), exitInterrupted, "civreg: scan: context canceled\n"},
		{interrupted{errors.New("interrupt signal received")}, exitInterrupted, "civreg: interrupted (interrupt signal received)\n"},
	} {
		var w bytes.Buffer
		if code := exitCode(&w, tc.err); code != tc.code || w.String() != tc.line {
			t.Errorf("exitCode(%v) = %d, %q; want %d, %q", tc.err, code, w.String(), tc.code, tc.line)
		}
	}
}

// A command whose context is cancelled — Ctrl-C — exits 130, whatever
// words the failure came in.
func TestInterruptedExits130(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(errors.New("interrupt signal received"))
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	code := execute(ctx, []string{"--db", filepath.Join(dir, "x.db"), "-q", "scan", dir}, strings.NewReader(""), &out, &errOut)
	if code != exitInterrupted || errOut.String() != "civreg: interrupted (interrupt signal received)\n" {
		t.Errorf("scan with a cancelled context: exit %d, stderr %q; want %d and an 'interrupted' line", code, errOut.String(), exitInterrupted)
	}
}
