package main

import (
	"fmt"
	"strings"

	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
)

// KeysRevokeOptions are the flags of `civreg keys revoke`.
type KeysRevokeOptions struct {
	Note string
	ActorOptions
}

func newKeysRevokeCommand(g *Globals) *cobra.Command {
	var o KeysRevokeOptions
	cmd := &cobra.Command{
		Use:   "revoke KEYID --by SUPERVISOR --note WHY",
		Short: "End a key now (lost or stolen): it signs nothing more",
		Long: `Revoke ends a key at once: extracts dated after now with it do not
verify, and the office issues nothing more until it has a new key (keys
init). Copies it signed before stay checkable, and verify says the key
was revoked since.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(o.Note) == "" {
				return registry.Errorf(registry.EINVALID, "--note is required: why the key is revoked")
			}
			db, err := openStore(g, false)
			if err != nil {
				return err
			}
			defer db.Close()
			if _, err := db.FindKey(cmd.Context(), args[0]); err != nil {
				return err
			}
			sup, err := signInAs(cmd.Context(), db, newPasswords(cmd, o.PasswordStdin), o.By, isSupervisor, "only a supervisor revokes keys")
			if err != nil {
				return err
			}
			if err := db.RevokeKey(cmd.Context(), args[0], sup.Name, o.Note); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "key %s revoked by %s\n", args[0], sup.Name)
			return nil
		},
	}
	cmd.Flags().StringVar(&o.Note, "note", "", "why the key is revoked (required)")
	o.ActorOptions.AddFlags(cmd, "the supervisor revoking the key")
	return cmd
}
