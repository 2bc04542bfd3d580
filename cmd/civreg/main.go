// Command civreg digitises Vietnamese civil-status registers: it generates
// sample pages, scans page images into records, and exports them.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
)

// Exit codes, documented in the README.
const (
	exitOK          = 0
	exitFailure     = 1 // a command failed
	exitUsage       = 2 // bad flags or arguments
	exitPartial     = 3 // a batch finished but some inputs failed
	exitNotFound    = 4
	exitConflict    = 5
	exitInterrupted = 130 // Ctrl-C or SIGTERM, as a shell reports a SIGINT death
)

// Globals are the flags every command shares.
type Globals struct {
	DB    string // path of the SQLite store
	Quiet bool
}

// commands are civreg's subcommands; help lists them sorted by name.
func commands(g *Globals) []*cobra.Command {
	return []*cobra.Command{
		newAuditCommand(g),
		newBackupCommand(g),
		newDebugCommand(g),
		newDuplicatesCommand(g),
		newExportCommand(g),
		newExtractCommand(g),
		newKeysCommand(g),
		newReviewCommand(g),
		newSamplesCommand(g),
		newScanCommand(g),
		newSearchCommand(g),
		newSyncCommand(g),
		newUserCommand(g),
	}
}

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
	root.AddCommand(commands(g)...)
	typeUsageErrors(root)
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
	// The first Ctrl-C asks the command to stop cleanly; once it is seen,
	// a second one kills civreg, should something not listen.
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := execute(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// execute runs civreg with args and returns its exit code; an error is
// written to stderr as one line.
func execute(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var g Globals
	root := newRootCommand(&g)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err != nil && ctx.Err() != nil {
		// A command cut short may fail in its own words (a store closed
		// under it): it was interrupted all the same.
		err = interrupted{context.Cause(ctx)}
	}
	return exitCode(stderr, err)
}

// interrupted is a command stopped by Ctrl-C or SIGTERM; cause says which.
type interrupted struct{ cause error }

func (e interrupted) Error() string { return fmt.Sprintf("interrupted (%v)", e.cause) }
func (e interrupted) Unwrap() error { return context.Canceled }

// exitCode writes err to w as one line and maps it to the documented exit
// code.
func exitCode(w io.Writer, err error) int {
	if err == nil {
		return exitOK
	}
	var p partialError
	var u usageError
	switch {
	case errors.As(err, &p):
		fmt.Fprintln(w, "civreg:", p.msg)
		return exitPartial
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(w, "civreg:", err)
		return exitInterrupted
	case errors.As(err, &u):
		fmt.Fprintln(w, "civreg:", u.Error())
		return exitUsage
	}
	fmt.Fprintln(w, "civreg:", registry.ErrorMessage(err))
	switch registry.ErrorCode(err) {
	case registry.EINVALID, registry.EUNSUPPORTED, registry.ETOOLARGE:
		return exitUsage
	case registry.ENOTFOUND:
		return exitNotFound
	case registry.ECONFLICT:
		return exitConflict
	}
	return exitFailure
}
