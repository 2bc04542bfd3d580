// Command civreg digitises Vietnamese civil-status registers: it generates
// sample pages, scans page images into records, and exports them.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
)

// Exit codes, documented in the README.
const (
	exitOK       = 0
	exitFailure  = 1 // a command failed
	exitUsage    = 2 // bad flags or arguments
	exitPartial  = 3 // a batch finished but some inputs failed
	exitNotFound = 4
	exitConflict = 5
)

// Globals are the flags every command shares.
type Globals struct {
	DB    string // path of the SQLite store
	Quiet bool
}

// commands lists the constructors of the subcommands; each command's file
// adds its own in an init function, so that files do not step on each other.
var commands []func(*Globals) *cobra.Command

// partialError is returned by a command whose run finished with failures
// that were reported already.
type partialError struct{ msg string }

func (e partialError) Error() string { return e.msg }

func newRootCommand(g *Globals) *cobra.Command {
	root := &cobra.Command{
		Use:           "civreg",
		Short:         "Digitise civil-status register books: scan, review, issue extracts",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.PersistentFlags().StringVar(&g.DB, "db", envOr("CIVREG_DB", "civreg.db"), "store: an SQLite file, or a PostgreSQL registry as postgres://user:password@host/db (env CIVREG_DB)")
	root.PersistentFlags().BoolVarP(&g.Quiet, "quiet", "q", false, "print only errors and the final summary")
	for _, c := range commands {
		root.AddCommand(c(g))
	}
	return root
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var g Globals
	err := newRootCommand(&g).ExecuteContext(ctx)
	os.Exit(exitCode(err))
}

// exitCode prints err as one line and maps it to the documented exit code.
func exitCode(err error) int {
	if err == nil {
		return exitOK
	}
	if p, ok := err.(partialError); ok {
		fmt.Fprintln(os.Stderr, "civreg:", p.msg)
		return exitPartial
	}
	fmt.Fprintln(os.Stderr, "civreg:", registry.ErrorMessage(err))
	switch registry.ErrorCode(err) {
	case registry.EINVALID, registry.EUNSUPPORTED, registry.ETOOLARGE:
		return exitUsage
	case registry.ENOTFOUND:
		return exitNotFound
	case registry.ECONFLICT:
		return exitConflict
	}
	if isUsageError(err) {
		return exitUsage
	}
	return exitFailure
}

// isUsageError tells cobra's flag and argument errors, which are plain
// errors, from failures.
func isUsageError(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "invalid argument", "flag needs"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}
