package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/civreg/civreg/internal/auth"
	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// cliAddr is the client address the command line's sign-ins are logged
// and throttled under.
const cliAddr = "dòng lệnh"

// ActorOptions name the person a command acts for, who proves it with
// their password, as at the review station.
type ActorOptions struct {
	By            string
	PasswordStdin bool
}

// AddFlags registers the options on cmd; what says who may act.
func (o *ActorOptions) AddFlags(cmd *cobra.Command, what string) {
	cmd.Flags().StringVar(&o.By, "by", "", what+", who signs in with their password")
	cmd.Flags().BoolVar(&o.PasswordStdin, "password-stdin", false, "read passwords from standard input, one a line (the acting person's first), instead of the terminal")
}

// passwords reads passwords from standard input, a line each, or asks
// for them on the terminal without echo.
type passwords struct {
	cmd   *cobra.Command
	stdin bool
	r     *bufio.Reader
}

func newPasswords(cmd *cobra.Command, stdin bool) *passwords {
	return &passwords{cmd: cmd, stdin: stdin, r: bufio.NewReader(cmd.InOrStdin())}
}

// read returns the next password; label is the terminal's prompt.
func (p *passwords) read(label string) (string, error) {
	if p.stdin {
		line, err := p.r.ReadString('\n')
		if err != nil && (err != io.EOF || line == "") {
			return "", registry.Errorf(registry.EINVALID, "cannot read %s from standard input: %v", label, err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := p.cmd.InOrStdin().(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", registry.Errorf(registry.EINVALID, "standard input is not a terminal: pass the password with --password-stdin")
	}
	return prompt(p.cmd, f, label+": ")
}

// signInAs checks that name is a user allowed by may, with the right
// password, throttled and logged as a sign-in at the station is.
func signInAs(ctx context.Context, db registry.Store, pws *passwords, name string, may func(registry.Role) bool, what string) (*registry.User, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, registry.Errorf(registry.EINVALID, "--by is required: %s", what)
	}
	pw, err := pws.read("password of " + name)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	a := &registry.SigninAttempt{Name: name, Addr: cliAddr, At: now}
	err = db.BeginSignin(ctx, a, auth.AccountLimit.Since(now), func(byName, _ []time.Time) error {
		if ref := auth.AccountLimit.Allow(byName, now); ref != nil {
			return ref
		}
		return nil
	})
	var ref *auth.Refusal
	if errors.As(err, &ref) {
		return nil, registry.Errorf(registry.EUNAUTHORIZED, "%s", ref.Error())
	} else if err != nil {
		return nil, err
	}
	u, err := db.FindUser(ctx, name)
	if err != nil && registry.ErrorCode(err) != registry.ENOTFOUND {
		return nil, err
	}
	hash := ""
	if u != nil {
		hash = u.PasswordHash
	}
	good := auth.VerifyPassword(hash, pw) && u != nil && !u.Disabled
	if err := db.EndSignin(ctx, a, good, "từ "+cliAddr); err != nil {
		return nil, err
	}
	if !good {
		return nil, registry.Errorf(registry.EUNAUTHORIZED, "wrong user name or password")
	}
	if !may(u.Role) {
		return nil, registry.Errorf(registry.EUNAUTHORIZED, "%s is a %s: %s", u.Name, u.Role, what)
	}
	u.PasswordHash = ""
	return u, nil
}

// cliActor names whoever runs a command that signs no one in: the system
// account, marked as the command line's.
func cliActor() string {
	name := os.Getenv("USER")
	if u, err := user.Current(); err == nil {
		name = u.Username
	}
	return cliAddr + ": " + name
}

// isSupervisor is the role check of the account commands.
func isSupervisor(r registry.Role) bool { return r == registry.RoleSupervisor }
