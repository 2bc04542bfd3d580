package main

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/civreg/civreg/internal/auth"
	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// UserOptions are the flags of the `civreg user` commands that change an
// account.
type UserOptions struct {
	Role string
	ActorOptions
}

// AddFlags registers the options on cmd, the role option when withRole is
// set.
func (o *UserOptions) AddFlags(cmd *cobra.Command, withRole bool, who string) {
	if withRole {
		cmd.Flags().StringVar(&o.Role, "role", "", "what the user may do: reviewer, supervisor or issuer")
	}
	o.ActorOptions.AddFlags(cmd, who)
}

func newUserCommand(g *Globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Manage the accounts of the review station",
		Long: `User adds the people who sign in to the review station, changes their
passwords, turns accounts off and on, lifts sign-in locks and lists them.
Passwords are stored only as Argon2id hashes. Once the store has a
supervisor, every change is made by a supervisor (--by) who gives their
password; a user may change their own password. With --password-stdin
the acting person's password is the first line, the new password the
next.`,
		Args: cobra.NoArgs,
	}

	var add UserOptions
	addCmd := &cobra.Command{
		Use:   "add NAME --role reviewer|supervisor|issuer [--by SUPERVISOR]",
		Short: "Add a user; the password is asked twice, or read with --password-stdin",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUserAdd(cmd, g, args[0], add)
		},
	}
	add.AddFlags(addCmd, true, "the supervisor adding the user (not needed for the store's first supervisor)")

	var passwd UserOptions
	passwdCmd := &cobra.Command{
		Use:   "passwd NAME [--by SUPERVISOR]",
		Short: "Set a user's password; their sessions end",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUserPasswd(cmd, g, args[0], passwd)
		},
	}
	passwd.AddFlags(passwdCmd, false, "the user themselves (the default) or a supervisor")

	listCmd := &cobra.Command{
		Use:   "list",
		Short: "List the users with their roles",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUserList(cmd, g)
		},
	}
	cmd.AddCommand(addCmd, passwdCmd, listCmd)
	cmd.AddCommand(newUserSwitchCommands(g)...)
	return cmd
}

func runUserAdd(cmd *cobra.Command, g *Globals, name string, o UserOptions) error {
	name = strings.TrimSpace(name)
	if name == "" || strings.ContainsAny(name, " \t\r\n") {
		return registry.Errorf(registry.EINVALID, "user name %q: want one word", name)
	}
	role, err := registry.ParseRole(o.Role)
	if err != nil {
		return err
	}
	// A station is often set up before the first scan: adding its first
	// user may create the store.
	db, err := openStore(g, true)
	if err != nil {
		return err
	}
	defer db.Close()
	pws := newPasswords(cmd, o.PasswordStdin)
	by, err := supervisorOrFirst(cmd, db, pws, o.By)
	if err != nil {
		return err
	}
	hash, err := newPasswordHash(pws, name)
	if err != nil {
		return err
	}
	u := registry.User{Name: name, Role: role, PasswordHash: hash}
	if err := db.CreateUser(cmd.Context(), &u); err != nil {
		return err
	}
	if err := db.LogEvent(cmd.Context(), &registry.Event{Actor: by, Action: "user.added", New: u.Name, Note: string(u.Role)}); err != nil {
		return err
	}
	if !g.Quiet {
		fmt.Fprintf(cmd.OutOrStdout(), "added user %s (%s)\n", u.Name, u.Role)
	}
	return nil
}

// supervisorOrFirst signs in the supervisor by, or, while the store has
// no supervisor at all, lets the person setting up the station act as
// "civreg".
func supervisorOrFirst(cmd *cobra.Command, db registry.Store, pws *passwords, by string) (string, error) {
	users, err := db.Users(cmd.Context())
	if err != nil {
		return "", err
	}
	for _, u := range users {
		if u.Role == registry.RoleSupervisor {
			s, err := signInAs(cmd.Context(), db, pws, by, isSupervisor, "only a supervisor may change accounts")
			if err != nil {
				return "", err
			}
			return s.Name, nil
		}
	}
	return "civreg", nil
}

func runUserPasswd(cmd *cobra.Command, g *Globals, name string, o UserOptions) error {
	db, err := openStore(g, false)
	if err != nil {
		return err
	}
	defer db.Close()
	// Ask for the password only once the user is known to exist.
	if _, err := db.FindUser(cmd.Context(), name); err != nil {
		return err
	}
	by := o.By
	if by == "" {
		by = name
	}
	pws := newPasswords(cmd, o.PasswordStdin)
	self := func(r registry.Role) bool { return by == name || r == registry.RoleSupervisor }
	if _, err := signInAs(cmd.Context(), db, pws, by, self, "only a supervisor may set another user's password"); err != nil {
		return err
	}
	hash, err := newPasswordHash(pws, name)
	if err != nil {
		return err
	}
	if err := db.SetPassword(cmd.Context(), name, hash); err != nil {
		return err
	}
	if err := db.LogEvent(cmd.Context(), &registry.Event{Actor: by, Action: "user.password", New: name}); err != nil {
		return err
	}
	if !g.Quiet {
		fmt.Fprintf(cmd.OutOrStdout(), "password of %s changed; their sessions are signed out\n", name)
	}
	return nil
}

func runUserList(cmd *cobra.Command, g *Globals) error {
	db, err := openStore(g, false)
	if err != nil {
		return err
	}
	defer db.Close()
	users, err := db.Users(cmd.Context())
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "NAME\tROLE\tCREATED\tSTATE")
	for _, u := range users {
		state := "active"
		if u.Disabled {
			state = "disabled"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", u.Name, u.Role, u.Created.Local().Format("2006-01-02 15:04"), state)
	}
	return w.Flush()
}

// newPasswordHash reads the new password of user name — the next line of
// standard input, or typed twice on the terminal without echo — checks it
// against the policy and hashes it.
func newPasswordHash(pws *passwords, name string) (string, error) {
	pw, err := pws.read("new password")
	if err != nil {
		return "", err
	}
	if err := auth.CheckNewPassword(name, pw); err != nil {
		return "", err
	}
	if !pws.stdin {
		again, err := pws.read("again")
		if err != nil {
			return "", err
		}
		if again != pw {
			return "", registry.Errorf(registry.EINVALID, "the two passwords differ")
		}
	}
	return auth.HashPassword(pw)
}

func prompt(cmd *cobra.Command, f *os.File, label string) (string, error) {
	fmt.Fprint(cmd.ErrOrStderr(), label)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(cmd.ErrOrStderr())
	if err != nil {
		return "", registry.Errorf(registry.EINVALID, "cannot read the password: %v", err)
	}
	return string(b), nil
}
