package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/civreg/civreg/internal/auth"
	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// UserOptions are the flags of `civreg user add` and `civreg user passwd`.
type UserOptions struct {
	Role          string
	PasswordStdin bool
}

// AddFlags registers the password option on cmd, and the role option when
// withRole is set.
func (o *UserOptions) AddFlags(cmd *cobra.Command, withRole bool) {
	f := cmd.Flags()
	if withRole {
		f.StringVar(&o.Role, "role", "", "what the user may do: reviewer, supervisor or issuer")
	}
	f.BoolVar(&o.PasswordStdin, "password-stdin", false, "read the password from the first line of standard input instead of asking twice on the terminal")
}

func newUserCommand(g *Globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Manage the accounts of the review station",
		Long: `User adds the people who sign in to the review station, changes their
passwords and lists them. Passwords are stored only as Argon2id hashes.`,
		Args: cobra.NoArgs,
	}

	var add UserOptions
	addCmd := &cobra.Command{
		Use:   "add NAME --role reviewer|supervisor|issuer",
		Short: "Add a user; the password is asked twice, or read with --password-stdin",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUserAdd(cmd, g, args[0], add)
		},
	}
	add.AddFlags(addCmd, true)

	var passwd UserOptions
	passwdCmd := &cobra.Command{
		Use:   "passwd NAME",
		Short: "Set a user's password; their sessions end",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUserPasswd(cmd, g, args[0], passwd)
		},
	}
	passwd.AddFlags(passwdCmd, false)

	listCmd := &cobra.Command{
		Use:   "list",
		Short: "List the users with their roles",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runUserList(cmd, g)
		},
	}
	cmd.AddCommand(addCmd, passwdCmd, listCmd)
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
	hash, err := newPasswordHash(cmd, o.PasswordStdin)
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
	u := registry.User{Name: name, Role: role, PasswordHash: hash}
	if err := db.CreateUser(cmd.Context(), &u); err != nil {
		return err
	}
	if !g.Quiet {
		fmt.Fprintf(cmd.OutOrStdout(), "added user %s (%s)\n", u.Name, u.Role)
	}
	return nil
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
	hash, err := newPasswordHash(cmd, o.PasswordStdin)
	if err != nil {
		return err
	}
	if err := db.SetPassword(cmd.Context(), name, hash); err != nil {
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
	fmt.Fprintln(w, "NAME\tROLE\tCREATED")
	for _, u := range users {
		fmt.Fprintf(w, "%s\t%s\t%s\n", u.Name, u.Role, u.Created.Local().Format("2006-01-02 15:04"))
	}
	return w.Flush()
}

// newPasswordHash reads a new password — the first line of standard input,
// or typed twice on the terminal without echo — checks it and hashes it.
func newPasswordHash(cmd *cobra.Command, fromStdin bool) (string, error) {
	var pw string
	if fromStdin {
		line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
		if err != nil && err != io.EOF {
			return "", registry.Errorf(registry.EINVALID, "cannot read the password: %v", err)
		}
		pw = strings.TrimRight(line, "\r\n")
	} else {
		f, ok := cmd.InOrStdin().(*os.File)
		if !ok || !term.IsTerminal(int(f.Fd())) {
			return "", registry.Errorf(registry.EINVALID, "standard input is not a terminal: pass the password with --password-stdin")
		}
		var err error
		if pw, err = prompt(cmd, f, "password: "); err != nil {
			return "", err
		}
		if err := auth.CheckPassword(pw); err != nil {
			return "", err
		}
		again, err := prompt(cmd, f, "again: ")
		if err != nil {
			return "", err
		}
		if again != pw {
			return "", registry.Errorf(registry.EINVALID, "the two passwords differ")
		}
	}
	if err := auth.CheckPassword(pw); err != nil {
		return "", err
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
