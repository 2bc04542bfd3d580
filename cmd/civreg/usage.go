package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// usageError is a bad flag, argument or command name: exit code 2. Cobra
// reports these as plain errors; typeUsageErrors wraps them where cobra
// makes them, so that no one matches its message text.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// typeUsageErrors makes every flag and argument error of root's command
// tree a usageError. A command that only groups others (user, keys…) gets
// an argument check and shows its help when called alone, so that a
// mistyped subcommand is an error rather than help and exit 0.
func typeUsageErrors(root *cobra.Command) {
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.HasSubCommands() && !c.Runnable() {
			c.Args = noSubcommand
			c.SuggestionsMinimumDistance = 2 // cobra's own default, set only when it suggests
			c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
		}
		if check := c.Args; check != nil {
			c.Args = func(c *cobra.Command, args []string) error {
				if err := check(c, args); err != nil {
					return usageError{err}
				}
				return nil
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// noSubcommand refuses any argument to a command that only groups others:
// an argument there is a subcommand that does not exist.
func noSubcommand(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
	if s := c.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return fmt.Errorf("%s", msg)
}
