package main

import (
	"fmt"
	"log/slog"
	"net"
	"strings"

	"github.com/civreg/civreg/internal/issuance"
	"github.com/civreg/civreg/registry"
	"github.com/civreg/civreg/review"
	"github.com/spf13/cobra"
	"golang.org/x/text/unicode/norm"
)

// ReviewOptions are the flags of `civreg review serve`.
type ReviewOptions struct {
	Addr   string
	Public bool
	Office string
	Key    string
}

// AddFlags registers the options on cmd.
func (o *ReviewOptions) AddFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.Addr, "addr", "127.0.0.1:8080", "address to listen on (loopback unless --public)")
	f.BoolVar(&o.Public, "public", false, "allow listening on a non-loopback address (put TLS in front of it)")
	f.StringVar(&o.Office, "office", "", "issuing office named on extracts, e.g. \"UBND phường Sài Gòn\" (default: the office of the store's key)")
	f.StringVar(&o.Key, "key", "", "the office's private key file (default: found in the keys directory, see civreg keys init)")
}

func newReviewCommand(g *Globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "review",
		Short: "The review and keying station (web UI)",
	}
	var o ReviewOptions
	serve := &cobra.Command{
		Use:   "serve [flags]",
		Short: "Serve the review station in a browser",
		Long: `Serve starts the review and keying station: reviewers sign in with an account
made by "civreg user add", clear the fields the scan was unsure of with the
keyboard, key handwritten pages and settle double entries; supervisors see
the progress. It listens on loopback only unless --public is given.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runReview(cmd, g, o)
		},
	}
	o.AddFlags(serve)
	cmd.AddCommand(serve)
	return cmd
}

// loopback reports whether addr only listens on this machine.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func runReview(cmd *cobra.Command, g *Globals, o ReviewOptions) error {
	if !loopback(o.Addr) {
		if !o.Public {
			return registry.Errorf(registry.EINVALID, "--addr %s is not a loopback address: pass --public to serve other machines", o.Addr)
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "warning: serving on %s, reachable from other machines; the station speaks plain HTTP, put TLS in front of it\n", o.Addr)
	}
	db, err := openStore(g, false)
	if err != nil {
		return err
	}
	defer db.Close()
	// The first searches of the day read memory, not the disk: the search
	// index is read once in the background while the station starts.
	go func() {
		if err := db.WarmSearch(cmd.Context()); err != nil && cmd.Context().Err() == nil && !g.Quiet {
			fmt.Fprintf(cmd.ErrOrStderr(), "warning: %v\n", err)
		}
	}()
	// Issuers print extracts only with the office's signing key; without
	// one the station still serves reviewers and says why it cannot issue.
	var issuer registry.Issuer
	office := norm.NFC.String(strings.TrimSpace(o.Office))
	if key, err := loadKey(cmd.Context(), g, db, o.Key, office); err == nil {
		issuer = &issuance.Service{Records: db, Issues: db, Keys: db, Audit: db, Key: key}
		office = key.Office
	} else if !g.Quiet {
		fmt.Fprintf(cmd.ErrOrStderr(), "note: extracts cannot be issued from the station: %s\n", registry.ErrorMessage(err))
	}
	srv, err := review.New(review.Config{
		Users: db, Signin: db, Log: db, Review: db, Records: db,
		Search: db, Issue: issuer,
		Office: office,
		Logger: slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), nil)),
	})
	if err != nil {
		return err
	}
	return srv.ListenAndServe(cmd.Context(), o.Addr, func(a net.Addr) {
		if !g.Quiet {
			fmt.Fprintf(cmd.OutOrStdout(), "review station on http://%s/ (ctrl-c to stop)\n", a)
		}
	})
}
