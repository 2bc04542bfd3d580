package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
)

// DuplicatesOptions are the flags of `civreg duplicates`.
type DuplicatesOptions struct {
	Status string
	Note   string
	ActorOptions
}

func newDuplicatesCommand(g *Globals) *cobra.Command {
	var o DuplicatesOptions
	cmd := &cobra.Command{
		Use:   "duplicates scan|list|link ID|dismiss ID",
		Short: "Find and decide records that may be the same entry registered twice",
		Long: `Duplicates flags pairs of records of one kind that may be the same person
or event entered twice (an entry and its re-registration "ĐĂNG KÝ LẠI"):
the same name, accents ignored, with the same date of birth or event, or the
same ID number.

  scan         key the records added or changed since the last scan, flag pairs
  list         list the pairs (--status open|linked|dismissed; all by default)
  link ID      confirm a pair is one entry twice (--by USER)
  dismiss ID   decide a pair is two different entries (--by USER)

Linking records the decision in both records' history; it merges nothing.`,
	}
	scan := &cobra.Command{
		Use:   "scan",
		Short: "Flag the pairs among new and changed records",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			db, err := openStore(g, false)
			if err != nil {
				return err
			}
			defer db.Close()
			s, err := db.FindDuplicates(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%d record(s) keyed, %d pair(s) newly flagged, %d open\n", s.Records, s.Flagged, s.Open)
			return nil
		},
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List flagged pairs, highest score first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var status registry.DuplicateStatus
			if o.Status != "" {
				s, err := registry.ParseDuplicateStatus(strings.ToLower(o.Status))
				if err != nil {
					return err
				}
				status = s
			}
			db, err := openStore(g, false)
			if err != nil {
				return err
			}
			defer db.Close()
			ds, err := db.Duplicates(cmd.Context(), status)
			if err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			for _, d := range ds {
				fmt.Fprintf(w, "%d\t%s\t%s\t%.2f\t%s\t%s", d.ID, d.RecordA, d.RecordB, d.Score, d.Status, d.Why)
				if d.Status != registry.DuplicateOpen {
					fmt.Fprintf(w, "\t%s %s", d.DecidedBy, d.DecidedAt.Format("2006-01-02 15:04"))
					if d.Note != "" {
						fmt.Fprintf(w, ": %s", d.Note)
					}
				}
				fmt.Fprintln(w)
			}
			if !g.Quiet {
				fmt.Fprintf(cmd.ErrOrStderr(), "%d pair(s)\n", len(ds))
			}
			return nil
		},
	}
	list.Flags().StringVar(&o.Status, "status", "", "only pairs that are open, linked or dismissed")
	decide := func(use string, link bool) *cobra.Command {
		c := &cobra.Command{
			Use:   use + " ID",
			Short: map[bool]string{true: "Confirm a pair is one entry registered twice", false: "Decide a pair is two different entries"}[link],
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				id, err := strconv.ParseInt(args[0], 10, 64)
				if err != nil || id <= 0 {
					return registry.Errorf(registry.EINVALID, "%q is not a duplicate id (see civreg duplicates list)", args[0])
				}
				db, err := openStore(g, false)
				if err != nil {
					return err
				}
				defer db.Close()
				sup, err := signInAs(cmd.Context(), db, newPasswords(cmd, o.PasswordStdin), o.By, registry.Role.CanArbitrate,
					"only a supervisor decides duplicates")
				if err != nil {
					return err
				}
				d, err := db.Decide(cmd.Context(), id, sup.Name, link, o.Note)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "duplicate %d (%s, %s) %s by %s\n", d.ID, d.RecordA, d.RecordB, d.Status, d.DecidedBy)
				return nil
			},
		}
		o.ActorOptions.AddFlags(c, "the supervisor who decides (required)")
		c.Flags().StringVar(&o.Note, "note", "", "why, kept with the decision")
		return c
	}
	cmd.AddCommand(scan, list, decide("link", true), decide("dismiss", false))
	return cmd
}
