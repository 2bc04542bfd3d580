package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/civreg/civreg/internal/extract"
	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
	"golang.org/x/text/unicode/norm"
)

// keysDir returns where office private keys are kept by default: $CIVREG_KEYS,
// or a "keys" directory beside the store.
func keysDir(g *Globals) string {
	if d := os.Getenv("CIVREG_KEYS"); d != "" {
		return d
	}
	return filepath.Join(filepath.Dir(g.DB), "keys")
}

// keyFile is the file name of a private key in a keys directory.
func keyFile(dir, id string) string { return filepath.Join(dir, id+".pem") }

func newKeysCommand(g *Globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Manage the offices' extract signing keys",
		Long: `An office signs the extracts it issues with its own Ed25519 key. The
private key stays in a file at the office (mode 0600); the public key is
kept in the store, so that any office's civreg can check an extract.
An office has one active key: a new one for a known office is taken only
with --replace, from a supervisor (--by), and the old one is kept, with
the period it was valid, for the copies it signed.`,
	}
	cmd.AddCommand(newKeysInitCommand(g), newKeysListCommand(g), newKeysExportCommand(g), newKeysImportCommand(g), newKeysRevokeCommand(g))
	return cmd
}

// KeysInitOptions are the flags of `civreg keys init`.
type KeysInitOptions struct {
	Office string
	Out    string
	KeyChange
}

// KeyChange are the flags of a command that adds a key to the store.
type KeyChange struct {
	Replace bool
	ActorOptions
}

// AddFlags registers the options on cmd.
func (o *KeyChange) AddFlags(cmd *cobra.Command) {
	cmd.Flags().BoolVar(&o.Replace, "replace", false, "replace the office's active key (it is kept for the copies it signed)")
	o.ActorOptions.AddFlags(cmd, "the supervisor adding the key (not needed before the store has one)")
}

// store adds k to db: a new office's key with a supervisor's sign-in (or
// none before the store has a supervisor), a known office's only with
// --replace and a supervisor's sign-in.
func (o *KeyChange) store(cmd *cobra.Command, db registry.Store, k *registry.OfficeKey) error {
	pws := newPasswords(cmd, o.PasswordStdin)
	if !o.Replace {
		if _, err := supervisorOrFirst(cmd, db, pws, o.By); err != nil {
			return err
		}
		return db.AddKey(cmd.Context(), k)
	}
	sup, err := signInAs(cmd.Context(), db, pws, o.By, isSupervisor, "only a supervisor replaces an office's key")
	if err != nil {
		return err
	}
	return db.ReplaceKey(cmd.Context(), k, sup.Name)
}

// AddFlags registers the options on cmd.
func (o *KeysInitOptions) AddFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.Office, "office", "", `the office the key signs for, such as "UBND phường Bến Nghé"`)
	cmd.Flags().StringVar(&o.Out, "out", "", "directory for the private key file (default $CIVREG_KEYS or keys/ beside the store)")
	o.KeyChange.AddFlags(cmd)
}

func newKeysInitCommand(g *Globals) *cobra.Command {
	var o KeysInitOptions
	cmd := &cobra.Command{
		Use:   "init --office OFFICE [--out DIR]",
		Short: "Make a new signing key for an office",
		Long: `Init makes an Ed25519 key for the office, writes the private key to
DIR/KEYID.pem (PKCS #8 PEM, mode 0600, never overwriting a file) and stores
the public key in the store. The key id is the first 16 hex digits of the
SHA-256 of the public key.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runKeysInit(cmd, g, o)
		},
	}
	o.AddFlags(cmd)
	return cmd
}

func runKeysInit(cmd *cobra.Command, g *Globals, o KeysInitOptions) error {
	office := norm.NFC.String(strings.TrimSpace(o.Office))
	if office == "" {
		return registry.Errorf(registry.EINVALID, "--office is required")
	}
	dir := o.Out
	if dir == "" {
		dir = keysDir(g)
	}
	db, err := openStore(g, true)
	if err != nil {
		return err
	}
	defer db.Close()

	key, err := extract.NewKey(office)
	if err != nil {
		return err
	}
	pemBytes, err := extract.MarshalPrivate(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return registry.Errorf(registry.EINVALID, "cannot make key directory %s: %v", dir, err)
	}
	path := keyFile(dir, key.ID)
	if err := writeNew(path, pemBytes, 0o600); err != nil {
		return err
	}
	if err := o.store(cmd, db, key.Public()); err != nil {
		os.Remove(path)
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "key %s for %s\nprivate key: %s (mode 0600: keep it at the office, back it up offline)\n", key.ID, office, path)
	return nil
}

// writeNew writes a file that must not exist yet.
func writeNew(path string, data []byte, mode os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if errors.Is(err, fs.ErrExist) {
		return registry.Errorf(registry.ECONFLICT, "%s exists already: not overwriting it", path)
	} else if err != nil {
		return registry.Errorf(registry.EINVALID, "cannot write %s: %v", path, err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return registry.Errorf(registry.EINTERNAL, "cannot write %s: %v", path, err)
	}
	return nil
}

func newKeysListCommand(g *Globals) *cobra.Command {
	var office string
	cmd := &cobra.Command{
		Use:   "list [--office OFFICE]",
		Short: "List the offices' public keys in the store",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := openStore(g, false)
			if err != nil {
				return err
			}
			defer db.Close()
			keys, err := db.Keys(cmd.Context(), norm.NFC.String(office))
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "KEY ID\tCREATED\tENDED\tOFFICE")
			for _, k := range keys {
				ended := "active"
				if !k.Ended.IsZero() {
					ended = k.How + " " + k.Ended.In(extract.Zone).Format("2006-01-02 15:04")
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", k.ID, k.Created.In(extract.Zone).Format("2006-01-02 15:04"), ended, k.Office)
			}
			return w.Flush()
		},
	}
	cmd.Flags().StringVar(&office, "office", "", "only this office's keys")
	return cmd
}

func newKeysExportCommand(g *Globals) *cobra.Command {
	var office string
	cmd := &cobra.Command{
		Use:   "export-public [KEYID] [--office OFFICE]",
		Short: "Print a public key as PEM, for another office to import",
		Long: `Export-public prints the public key with the given id, or the newest key
of --office, or the only key in the store, as a PEM block with the office
and key id as headers. Another office loads it with civreg keys import.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := openStore(g, false)
			if err != nil {
				return err
			}
			defer db.Close()
			var k *registry.OfficeKey
			if len(args) == 1 {
				if k, err = db.FindKey(cmd.Context(), args[0]); err != nil {
					return err
				}
			} else if k, err = pickKey(cmd, db, norm.NFC.String(office)); err != nil {
				return err
			}
			b, err := extract.MarshalPublic(k)
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(b)
			return err
		},
	}
	cmd.Flags().StringVar(&office, "office", "", "the office whose newest key to print")
	return cmd
}

// pickKey returns the newest key of office, or, with no office, the newest
// key of the only office that has keys.
func pickKey(cmd *cobra.Command, db registry.Store, office string) (*registry.OfficeKey, error) {
	keys, err := officeKeys(cmd.Context(), db, office)
	if err != nil {
		return nil, err
	}
	return &keys[0], nil
}

// officeKeys returns the keys of office, newest first; with no office, those
// of the only office that has keys.
func officeKeys(ctx context.Context, db registry.Store, office string) ([]registry.OfficeKey, error) {
	keys, err := db.Keys(ctx, office)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		if office == "" {
			return nil, registry.Errorf(registry.ENOTFOUND, "no office keys in the store: run civreg keys init --office OFFICE")
		}
		return nil, registry.Errorf(registry.ENOTFOUND, "no key for %s: run civreg keys init --office %q", office, office)
	}
	for _, k := range keys[1:] {
		if k.Office != keys[0].Office {
			return nil, registry.Errorf(registry.EINVALID, "the store has keys of several offices: name one with --office")
		}
	}
	return keys, nil
}

// KeysImportOptions are the flags of `civreg keys import`.
type KeysImportOptions struct {
	Office string
	KeyChange
}

func newKeysImportCommand(g *Globals) *cobra.Command {
	var o KeysImportOptions
	cmd := &cobra.Command{
		Use:   "import FILE [--office OFFICE] [--replace] --by SUPERVISOR",
		Short: "Store another office's public key, to check its extracts",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := os.ReadFile(args[0])
			if err != nil {
				return registry.Errorf(registry.EINVALID, "cannot read %s: %v", args[0], err)
			}
			k, err := extract.ParsePublic(b)
			if err != nil {
				return err
			}
			if o.Office != "" {
				k.Office = norm.NFC.String(strings.TrimSpace(o.Office))
			}
			if k.Office == "" {
				return registry.Errorf(registry.EINVALID, "the key file names no office: pass --office")
			}
			db, err := openStore(g, true)
			if err != nil {
				return err
			}
			defer db.Close()
			if err := o.store(cmd, db, k); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "key %s for %s imported\n", k.ID, k.Office)
			return nil
		},
	}
	cmd.Flags().StringVar(&o.Office, "office", "", "the office the key belongs to, if the file does not say")
	o.KeyChange.AddFlags(cmd)
	return cmd
}
