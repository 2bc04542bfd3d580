package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/civreg/civreg/internal/postgres"
	"github.com/civreg/civreg/internal/push"
	"github.com/civreg/civreg/registry"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// SyncOptions are the flags of `civreg sync`.
type SyncOptions struct {
	To      string
	Station string
	Batch   int
	JSON    bool
}

func newSyncCommand(g *Globals) *cobra.Command {
	var o SyncOptions
	cmd := &cobra.Command{
		Use:   "sync push --to postgres://…|conflicts",
		Short: "Push a station's verified records to the city registry",
		Long: `Sync brings a station's work into the city registry on PostgreSQL.

  push --to URL   push the station's (--db) verified records with their fields,
                  page images and events, and its office public keys
  conflicts       list the pushed records held for a supervisor (--db URL)
  conflicts resolve ID --keep registry|station --by SUPERVISOR
                  settle one, logged under the supervisor's name

A push goes in batches (--batch, 200 records) that each commit on their own:
cut short, it is run again and goes on. A record's id comes from its page's
content, so it is the same on every station: what the registry holds
already is counted, not stored twice. A record changed both at the station
and in the registry since its last push, or pushed differently by two
stations, is held as a conflict for a supervisor, never overwritten.`,
	}
	pushCmd := &cobra.Command{
		Use:   "push --to postgres://…",
		Short: "Push verified records, page images, events and office keys",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSyncPush(cmd, g, o)
		},
	}
	host, _ := os.Hostname()
	pushCmd.Flags().StringVar(&o.To, "to", os.Getenv("CIVREG_REGISTRY"), "the city registry, postgres://user:password@host/db (env CIVREG_REGISTRY)")
	pushCmd.Flags().StringVar(&o.Station, "station", host, "this station's name, kept with what it pushed")
	pushCmd.Flags().IntVar(&o.Batch, "batch", 200, "records per transaction")
	pushCmd.Flags().BoolVar(&o.JSON, "json", false, "print the report as JSON")
	conflicts := &cobra.Command{
		Use:   "conflicts",
		Short: "List pushed records held for a supervisor",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSyncConflicts(cmd, g)
		},
	}
	conflicts.AddCommand(newSyncResolveCommand(g))
	cmd.AddCommand(pushCmd, conflicts)
	return cmd
}

func runSyncPush(cmd *cobra.Command, g *Globals, o SyncOptions) error {
	if !postgres.IsURL(o.To) {
		return registry.Errorf(registry.EINVALID, "--to must name the city registry as postgres://user:password@host/db")
	}
	if o.Batch < 1 {
		return registry.Errorf(registry.EINVALID, "--batch must be at least 1")
	}
	from, err := openSQLite(g, false)
	if err != nil {
		return err
	}
	defer from.Close()
	ctx, cancel := context.WithTimeout(cmd.Context(), connectTimeout)
	to, err := postgres.Open(ctx, o.To)
	cancel()
	if err != nil {
		return err
	}
	defer to.Close()
	p := &push.Pusher{From: from, To: to, Origin: o.Station, BatchSize: o.Batch, Progress: pushProgress(cmd.ErrOrStderr(), g.Quiet)}
	rep, err := p.Run(cmd.Context())
	if o.JSON {
		b, _ := json.Marshal(rep)
		fmt.Fprintln(cmd.OutOrStdout(), string(b))
	} else {
		fmt.Fprintf(cmd.OutOrStdout(), "%d verified record(s): %d pushed, %d brought up to date, %d already there, %d conflict(s) held; %d office key(s) added\n",
			rep.Records, rep.Added, rep.Updated, rep.Present, rep.Conflicts, rep.Keys)
	}
	if err != nil {
		return err
	}
	if rep.Conflicts > 0 {
		return registry.Errorf(registry.ECONFLICT, "%d record(s) held as conflicts: see civreg --db REGISTRY sync conflicts", rep.Conflicts)
	}
	return nil
}

// pushProgress draws a progress bar on a terminal.
func pushProgress(w io.Writer, quiet bool) func(done, total int) {
	f, ok := w.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	var bar *progressbar.ProgressBar
	return func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionSetDescription("pushing"),
				progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true), progressbar.OptionThrottle(200_000_000),
				progressbar.OptionClearOnFinish())
		}
		bar.Set(done)
	}
}

// openConflicts opens the city registry (--db), where conflicts are held.
func openConflicts(cmd *cobra.Command, g *Globals) (*postgres.DB, error) {
	if !postgres.IsURL(g.DB) {
		return nil, registry.Errorf(registry.EINVALID, "conflicts are held in the city registry: pass --db postgres://…")
	}
	ctx, cancel := context.WithTimeout(cmd.Context(), connectTimeout)
	defer cancel()
	return postgres.Open(ctx, g.DB)
}

func runSyncConflicts(cmd *cobra.Command, g *Globals) error {
	db, err := openConflicts(cmd, g)
	if err != nil {
		return err
	}
	defer db.Close()
	cs, err := db.Conflicts(cmd.Context())
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	for _, c := range cs {
		fmt.Fprintf(w, "%d\t%s\tfrom %s\theld %s\n", c.ID, c.RecordID, c.Origin, c.Held.Local().Format("02/01/2006 15:04"))
		for _, d := range c.Differences {
			fmt.Fprintf(w, "\t%s\n", d)
		}
	}
	if len(cs) == 0 {
		fmt.Fprintln(w, "no conflicts held")
	}
	return nil
}
