package main

import (
	"fmt"

	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
)

// newUserSwitchCommands are `civreg user disable`, `enable` and `unlock`:
// a supervisor turns an account off or on, or lifts the lock that failed
// sign-ins put on it.
func newUserSwitchCommands(g *Globals) []*cobra.Command {
	var out []*cobra.Command
	for _, c := range []struct{ use, short, done string }{
		{"disable", "Turn an account off: it cannot sign in, its sessions end", "disabled"},
		{"enable", "Turn an account on again", "enabled"},
		{"unlock", "Lift the lock failed sign-ins put on an account", "unlocked"},
	} {
		var o ActorOptions
		cmd := &cobra.Command{
			Use:   c.use + " NAME --by SUPERVISOR",
			Short: c.short,
			Args:  cobra.ExactArgs(1),
			RunE: func(cmd *cobra.Command, args []string) error {
				return runUserSwitch(cmd, g, c.use, args[0], o, c.done)
			},
		}
		o.AddFlags(cmd, "the supervisor making the change")
		out = append(out, cmd)
	}
	return out
}

func runUserSwitch(cmd *cobra.Command, g *Globals, what, name string, o ActorOptions, done string) error {
	db, err := openStore(g, false)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.FindUser(cmd.Context(), name); err != nil {
		return err
	}
	sup, err := signInAs(cmd.Context(), db, newPasswords(cmd, o.PasswordStdin), o.By, isSupervisor, "only a supervisor may change accounts")
	if err != nil {
		return err
	}
	switch what {
	case "unlock":
		err = db.UnlockUser(cmd.Context(), name, sup.Name)
	default:
		if what == "disable" && name == sup.Name {
			return registry.Errorf(registry.EINVALID, "a supervisor cannot disable their own account")
		}
		err = db.SetDisabled(cmd.Context(), name, what == "disable", sup.Name)
	}
	if err != nil {
		return err
	}
	if !g.Quiet {
		fmt.Fprintf(cmd.OutOrStdout(), "user %s %s by %s\n", name, done, sup.Name)
	}
	return nil
}
