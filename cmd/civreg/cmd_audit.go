package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
	"golang.org/x/text/unicode/norm"
)

func newAuditCommand(g *Globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit",
		Short: "Check the tamper-evident log of events and issued extracts",
		Long: `Every event and issued extract is chained by hash to the one before, and
each issue seals the chain's head with the office key. verify recomputes
the chain and names the first broken link; export writes a copy to keep
elsewhere, which verify --against compares the store with.`,
	}
	cmd.AddCommand(newAuditVerifyCommand(g), newAuditExportCommand(g), newAuditSealCommand(g))
	return cmd
}

// AuditVerifyOptions are the flags of `civreg audit verify`.
type AuditVerifyOptions struct {
	Against string
}

// AddFlags registers the options on cmd.
func (o *AuditVerifyOptions) AddFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.Against, "against", "", "a copy written by civreg audit export to compare the store with")
}

func newAuditVerifyCommand(g *Globals) *cobra.Command {
	var o AuditVerifyOptions
	cmd := &cobra.Command{
		Use:   "verify [--against COPY]",
		Short: "Recompute the audit chain and name the first broken link (exit 5)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAuditVerify(cmd, g, o)
		},
	}
	o.AddFlags(cmd)
	return cmd
}

func runAuditVerify(cmd *cobra.Command, g *Globals, o AuditVerifyOptions) error {
	db, err := openStore(g, false)
	if err != nil {
		return err
	}
	defer db.Close()
	r, err := audit.Verify(cmd.Context(), db, db)
	if err != nil {
		return err
	}
	broken, compared := r.Broken, int64(0)
	if o.Against != "" {
		f, err := os.Open(o.Against)
		if err != nil {
			return registry.Errorf(registry.EINVALID, "cannot read %s: %v", o.Against, err)
		}
		defer f.Close()
		b, n, err := audit.Compare(cmd.Context(), db, f)
		if err != nil {
			return fmt.Errorf("%s: %w", o.Against, err)
		}
		broken, compared = earlierBreak(broken, b), n
	}
	if broken != nil {
		return registry.Errorf(registry.ECONFLICT, "%s", broken.Error())
	}
	out := cmd.OutOrStdout()
	fmt.Fprintf(out, "the audit log holds: %d links recomputed, %d checkpoints signed by office keys", r.Checked, r.Checkpoints)
	if r.Last != nil {
		fmt.Fprintf(out, ", the last at link %d by key %s on %s", r.Last.Seq, r.Last.KeyID, r.Last.At.In(vnZone).Format("02/01/2006 15:04"))
	}
	if o.Against != "" {
		fmt.Fprintf(out, "; %d links equal to %s", compared, o.Against)
	}
	fmt.Fprintln(out)
	return nil
}

// vnZone is Vietnam's time, for dates shown to people.
var vnZone = time.FixedZone("ICT", 7*3600)

// earlierBreak keeps the break at the lower link.
func earlierBreak(a, b *audit.Break) *audit.Break {
	if a == nil || (b != nil && b.Seq > 0 && (a.Seq == 0 || b.Seq < a.Seq)) {
		return b
	}
	return a
}

// AuditExportOptions are the flags of `civreg audit export`.
type AuditExportOptions struct {
	Out string
}

// AddFlags registers the options on cmd.
func (o *AuditExportOptions) AddFlags(cmd *cobra.Command) {
	cmd.Flags().StringVarP(&o.Out, "out", "o", "", "file to write the copy to (must not exist)")
}

func newAuditExportCommand(g *Globals) *cobra.Command {
	var o AuditExportOptions
	cmd := &cobra.Command{
		Use:   "export --out FILE",
		Short: "Write a copy of the audit chain to keep away from the store",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAuditExport(cmd, g, o)
		},
	}
	o.AddFlags(cmd)
	return cmd
}

func runAuditExport(cmd *cobra.Command, g *Globals, o AuditExportOptions) error {
	if o.Out == "" {
		return registry.Errorf(registry.EINVALID, "--out is required: the file to write the copy to")
	}
	db, err := openStore(g, false)
	if err != nil {
		return err
	}
	defer db.Close()
	tmp, err := os.CreateTemp(filepath.Dir(o.Out), ".audit-*")
	if err != nil {
		return registry.Errorf(registry.EINVALID, "cannot write in %s: %v", filepath.Dir(o.Out), err)
	}
	defer os.Remove(tmp.Name())
	n, err := audit.Export(cmd.Context(), db, tmp, time.Now())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if _, err := os.Stat(o.Out); err == nil {
		return registry.Errorf(registry.ECONFLICT, "%s exists already", o.Out)
	}
	if err := os.Rename(tmp.Name(), o.Out); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "wrote %d links to %s\n", n, o.Out)
	return nil
}

// AuditSealOptions are the flags of `civreg audit seal`.
type AuditSealOptions struct {
	Office string
	Key    string
}

// AddFlags registers the options on cmd.
func (o *AuditSealOptions) AddFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.Office, "office", os.Getenv("CIVREG_OFFICE"), "the office whose key signs (env CIVREG_OFFICE)")
	cmd.Flags().StringVar(&o.Key, "key", "", "the office's private key file (default: as for extract issue)")
}

func newAuditSealCommand(g *Globals) *cobra.Command {
	var o AuditSealOptions
	cmd := &cobra.Command{
		Use:   "seal",
		Short: "Sign the audit chain's head with the office key now (each issue does it too)",
		Long: `Seal adds a checkpoint: the office key's signature over the chain as it
stands. Rows changed or removed before a checkpoint are found by verify
even if the chain after them was recomputed. Each extract issued seals
the chain; an office that issues rarely can seal at the end of each day.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runAuditSeal(cmd, g, o)
		},
	}
	o.AddFlags(cmd)
	return cmd
}

func runAuditSeal(cmd *cobra.Command, g *Globals, o AuditSealOptions) error {
	db, err := openStore(g, false)
	if err != nil {
		return err
	}
	defer db.Close()
	key, err := loadKey(cmd.Context(), g, db, o.Key, norm.NFC.String(strings.TrimSpace(o.Office)))
	if err != nil {
		return err
	}
	r, err := audit.Check(cmd.Context(), db, db)
	if err != nil {
		return err
	}
	if r.Broken != nil {
		return registry.Errorf(registry.ECONFLICT, "%s: not sealed", r.Broken.Error())
	}
	var cp *registry.Checkpoint
	err = db.AddCheckpoint(cmd.Context(), func(head *registry.Link) (*registry.Checkpoint, error) {
		cp, err = audit.Seal(head, key.ID, key.Private, time.Now())
		return cp, err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "sealed the audit log at link %d with key %s\n", cp.Seq, key.ID)
	return nil
}
