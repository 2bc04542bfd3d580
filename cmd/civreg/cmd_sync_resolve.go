package main

import (
	"fmt"
	"strconv"

	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
)

// SyncResolveOptions are the flags of `civreg sync conflicts resolve`.
type SyncResolveOptions struct {
	Keep string
	Note string
	ActorOptions
}

func newSyncResolveCommand(g *Globals) *cobra.Command {
	var o SyncResolveOptions
	cmd := &cobra.Command{
		Use:   "resolve ID --keep registry|station --by SUPERVISOR",
		Short: "Settle a held conflict: keep the registry's version or take the station's",
		Long: `Resolve settles one conflict listed by sync conflicts (--db postgres://…).

  --keep registry   the registry's copy stays; the station's version is set
                    aside (pushed again, it is "already there")
  --keep station    the station's copy, kept with the conflict, replaces the
                    registry's, each changed field logged

A supervisor signs in with their password; the decision is logged under
their name with --note. A conflict resolved already, or whose record changed
in the registry since it was held, is refused (exit 5): its differences are
then brought up to date to be looked at again.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSyncResolve(cmd, g, o, args[0])
		},
	}
	cmd.Flags().StringVar(&o.Keep, "keep", "", "registry or station (required)")
	cmd.Flags().StringVar(&o.Note, "note", "", "why, kept in the log")
	o.ActorOptions.AddFlags(cmd, "the supervisor resolving the conflict")
	return cmd
}

func runSyncResolve(cmd *cobra.Command, g *Globals, o SyncResolveOptions, arg string) error {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id < 1 {
		return registry.Errorf(registry.EINVALID, "conflict %q: a number from sync conflicts", arg)
	}
	keep := registry.ConflictSide(o.Keep)
	if keep != registry.KeepRegistry && keep != registry.KeepStation {
		return registry.Errorf(registry.EINVALID, "--keep must be registry or station")
	}
	db, err := openConflicts(cmd, g)
	if err != nil {
		return err
	}
	defer db.Close()
	sup, err := signInAs(cmd.Context(), db, newPasswords(cmd, o.PasswordStdin), o.By, isSupervisor, "only a supervisor resolves conflicts")
	if err != nil {
		return err
	}
	if err := db.ResolveConflict(cmd.Context(), id, keep, sup.Name, o.Note); err != nil {
		return err
	}
	what := map[registry.ConflictSide]string{registry.KeepRegistry: "the registry's version kept", registry.KeepStation: "the station's version taken"}[keep]
	fmt.Fprintf(cmd.OutOrStdout(), "conflict %d resolved by %s: %s\n", id, sup.Name, what)
	return nil
}
