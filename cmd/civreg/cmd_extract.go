package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/civreg/civreg/internal/extract"
	"github.com/civreg/civreg/internal/issuance"
	"github.com/civreg/civreg/registry"
	"github.com/spf13/cobra"
	"golang.org/x/text/unicode/norm"
)

func newExtractCommand(g *Globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "extract",
		Short: "Issue, reprint and verify certified extracts (bản sao trích lục)",
		Long: `A certified extract is a signed PDF copy of a verified register entry,
numbered by the issuing office "N/YYYY/TLKS-BS" (TLKH-BS, TLKT-BS,
TLCMC-BS). Its content is signed with the office's key (civreg keys init)
and embedded in the PDF; verify checks the signature and that the file is
exactly what that content draws.`,
	}
	cmd.AddCommand(newExtractIssueCommand(g), newExtractVerifyCommand(g), newExtractReprintCommand(g), newExtractLogCommand(g))
	return cmd
}

// ExtractIssueOptions are the flags of `civreg extract issue`.
type ExtractIssueOptions struct {
	ActorOptions
	Requester string
	Office    string
	Key       string
	Out       string
}

// AddFlags registers the options on cmd.
func (o *ExtractIssueOptions) AddFlags(cmd *cobra.Command) {
	o.ActorOptions.AddFlags(cmd, "the issuer giving out the extract")
	f := cmd.Flags()
	f.StringVar(&o.Requester, "requester", "", "who asked for the copy (required, for the log)")
	f.StringVar(&o.Office, "office", os.Getenv("CIVREG_OFFICE"), "the issuing office (env CIVREG_OFFICE; default: the office of the only key)")
	f.StringVar(&o.Key, "key", "", "the office's private key file (default: KEYID.pem in $CIVREG_KEYS or keys/ beside the store)")
	f.StringVarP(&o.Out, "out", "o", "", "PDF file to write, - for standard output (default: the copy number, as TL-N-YYYY-CODE.pdf)")
}

func newExtractIssueCommand(g *Globals) *cobra.Command {
	var o ExtractIssueOptions
	cmd := &cobra.Command{
		Use:   "issue RECORD --by USER --requester NAME [flags]",
		Short: "Issue a certified extract of a verified record",
		Long: `Issue gives the record's entry a copy number of the issuing office,
signs its content with the office key, logs it and writes the PDF. A
record with fields still waiting for review is refused, naming them.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExtractIssue(cmd, g, o, args[0])
		},
	}
	o.AddFlags(cmd)
	return cmd
}

func runExtractIssue(cmd *cobra.Command, g *Globals, o ExtractIssueOptions, record string) error {
	if strings.TrimSpace(o.Requester) == "" {
		return registry.Errorf(registry.EINVALID, "--requester is required: who asked for the copy")
	}
	db, err := openStore(g, false)
	if err != nil {
		return err
	}
	defer db.Close()
	by, err := signInAs(cmd.Context(), db, newPasswords(cmd, o.PasswordStdin), o.By, registry.Role.CanIssue, "only an issuer may issue extracts")
	if err != nil {
		return err
	}
	key, err := loadKey(cmd.Context(), g, db, o.Key, norm.NFC.String(strings.TrimSpace(o.Office)))
	if err != nil {
		return err
	}
	svc := &issuance.Service{Records: db, Issues: db, Keys: db, Audit: db, Key: key}
	// An extract issued whose log could not be sealed is still written:
	// its number is taken.
	iss, doc, sealErr := svc.Issue(cmd.Context(), record, key.Office, by.Name, o.Requester)
	if iss == nil {
		return sealErr
	}
	path := o.Out
	if path == "" {
		path = copyFileName(iss.CopyNo)
	}
	if err := writePDF(cmd, path, doc); err != nil {
		return registry.Errorf(registry.EINTERNAL, "extract %s is issued and logged but could not be written (%s): run civreg extract reprint %s",
			iss.CopyNo, registry.ErrorMessage(err), iss.CopyNo)
	}
	if path != "-" {
		fmt.Fprintf(cmd.OutOrStdout(), "issued %s of record %s at %s, key %s: %s (%d bytes)\n", iss.CopyNo, iss.RecordID, iss.Office, iss.KeyID, path, len(doc))
	}
	// The clerk sees which page the copy was read from, to hold the
	// paper against it.
	if rec, err := db.FindRecord(cmd.Context(), iss.RecordID); err == nil {
		w := cmd.OutOrStdout()
		if path == "-" {
			w = cmd.ErrOrStderr()
		}
		fmt.Fprintf(w, "read from the page image %s, page %d (sha256 %s): book %s, page %d; the station shows it beside the content at /records/%s/issue\n",
			rec.Source.File, rec.Source.PageIndex+1, rec.Source.SHA256, rec.Book, rec.Page, rec.ID)
	}
	return sealErr
}

// loadKey reads the private key in file, or finds the newest key of office
// (or of the only office with keys) that has a file in the keys directory.
// The key must be registered in the store, and its office comes from there.
func loadKey(ctx context.Context, g *Globals, db registry.Store, file, office string) (*extract.Key, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, registry.Errorf(registry.EINVALID, "cannot read key %s: %v", file, err)
		}
		key, err := extract.ParsePrivate(b)
		if err != nil {
			return nil, err
		}
		stored, err := db.FindKey(ctx, key.ID)
		if registry.ErrorCode(err) == registry.ENOTFOUND {
			return nil, registry.Errorf(registry.ENOTFOUND, "key %s (%s) is not registered in this store", key.ID, file)
		} else if err != nil {
			return nil, err
		}
		key.Office = stored.Office
		return key, nil
	}
	keys, err := officeKeys(ctx, db, office)
	if err != nil {
		return nil, err
	}
	dir := keysDir(g)
	for _, k := range keys {
		b, err := os.ReadFile(keyFile(dir, k.ID))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, registry.Errorf(registry.EINVALID, "cannot read key: %v", err)
		}
		key, err := extract.ParsePrivate(b)
		if err != nil {
			return nil, err
		}
		if key.ID != k.ID {
			return nil, registry.Errorf(registry.EINVALID, "%s holds key %s, not %s", keyFile(dir, k.ID), key.ID, k.ID)
		}
		key.Office = k.Office
		return key, nil
	}
	return nil, registry.Errorf(registry.ENOTFOUND, "no private key of %s in %s: pass --key FILE", keys[0].Office, dir)
}

// copyFileName makes a file name of a copy number: "12/2026/TLKS-BS" →
// "TL-12-2026-TLKS-BS.pdf".
func copyFileName(copyNo string) string {
	return "TL-" + strings.ReplaceAll(copyNo, "/", "-") + ".pdf"
}

// writePDF writes doc to path, or to standard output for "-", replacing
// the file only once it is all written.
func writePDF(cmd *cobra.Command, path string, doc []byte) error {
	w, commit, err := output(cmd, path)
	if err != nil {
		return err
	}
	defer commit(false)
	if _, err := w.Write(doc); err != nil {
		return registry.Errorf(registry.EINTERNAL, "cannot write %s: %v", path, err)
	}
	return commit(true)
}

// invalidError ends `extract verify` with exit code 1 after the verdict was
// printed.
type invalidError struct{}

func (invalidError) Error() string { return "the extract is not valid" }

// ExtractVerifyOptions are the flags of `civreg extract verify`.
type ExtractVerifyOptions struct {
	PubKey string
	QR     string
}

func newExtractVerifyCommand(g *Globals) *cobra.Command {
	var o ExtractVerifyOptions
	cmd := &cobra.Command{
		Use:   "verify FILE.pdf | --qr TEXT [--pubkey FILE]",
		Short: "Check a certified extract: signature and every byte, or its QR code alone",
		Long: `Verify reads the signed content embedded in the extract, checks its
signature with the issuing office's public key (from the store, by key id,
or --pubkey), and draws the extract again from that content: the file must
be the same, byte for byte. It prints "valid" or "invalid: reason" and what
the signed content states; exit code 0 when valid, 1 when not.

With --qr it checks the text of a paper copy's QR code instead, without
the file: the code states the copy number, the office, the date, the
people the entry is about and its registration, signed by the office key;
compare them with the paper.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if (len(args) == 1) == (o.QR != "") {
				return registry.Errorf(registry.EINVALID, "give the extract's PDF file, or its QR code's text with --qr")
			}
			if o.QR != "" {
				return runExtractVerifyQR(cmd, g, o)
			}
			return runExtractVerify(cmd, g, args[0], o.PubKey)
		},
	}
	cmd.Flags().StringVar(&o.PubKey, "pubkey", "", "check against this public key file (civreg keys export-public) instead of the store")
	cmd.Flags().StringVar(&o.QR, "qr", "", "the text of the extract's QR code, to check a paper copy without the file")
	return cmd
}

// verifier builds the service that checks extracts, with the public key
// of file or the store's keys; close releases the store.
func verifier(g *Globals, file string) (svc *issuance.Service, pub *registry.OfficeKey, close func(), err error) {
	svc, close = &issuance.Service{}, func() {}
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, nil, nil, registry.Errorf(registry.EINVALID, "cannot read %s: %v", file, err)
		}
		if pub, err = extract.ParsePublic(b); err != nil {
			return nil, nil, nil, err
		}
		if pub.Office == "" {
			return nil, nil, nil, registry.Errorf(registry.EINVALID, "%s names no office (no Office: line): it cannot vouch for an extract's office", file)
		}
		return svc, pub, close, nil
	}
	db, err := openStore(g, false)
	if err != nil {
		return nil, nil, nil, err
	}
	svc.Keys = db
	return svc, nil, func() { db.Close() }, nil
}

func runExtractVerifyQR(cmd *cobra.Command, g *Globals, o ExtractVerifyOptions) error {
	svc, pub, done, err := verifier(g, o.PubKey)
	if err != nil {
		return err
	}
	defer done()
	v, err := svc.VerifyQR(cmd.Context(), o.QR, pub)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if v.Valid {
		fmt.Fprintln(out, "valid")
	} else {
		fmt.Fprintln(out, "invalid: "+v.Reason)
	}
	if q := v.QR; q != nil && v.Key != nil {
		fmt.Fprintln(out, "Mã QR ghi (so với bản giấy):")
		fmt.Fprintln(out, "  Cơ quan cấp: "+q.Office)
		fmt.Fprintln(out, "  Số: "+q.CopyNo)
		if t, err := time.Parse(time.RFC3339, q.Issued); err == nil {
			fmt.Fprintln(out, "  Ngày cấp: "+t.In(extract.Zone).Format("02/01/2006"))
		}
		for _, p := range q.People {
			fmt.Fprintln(out, "  "+p)
		}
		fmt.Fprintln(out, "  Đăng ký gốc: "+q.Entry)
		fmt.Fprintf(out, "  Khoá ký: %s (%s)%s\n", v.Key.ID, v.Key.Office, keyValidity(v.Key, v.Signed))
		fmt.Fprintf(out, "  SHA-256 nội dung đã ký: %x\n", q.Digest)
	}
	if !v.Valid {
		return invalidError{}
	}
	return nil
}

func runExtractVerify(cmd *cobra.Command, g *Globals, file, pubkey string) error {
	doc, err := readCapped(file, issuance.MaxPDF)
	if err != nil {
		return err
	}
	svc, pub, done, err := verifier(g, pubkey)
	if err != nil {
		return err
	}
	defer done()
	v, err := svc.Verify(cmd.Context(), doc, pub)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	if v.Valid {
		fmt.Fprintln(out, "valid")
	} else {
		fmt.Fprintln(out, "invalid: "+v.Reason)
	}
	if v.Content != nil {
		if v.Valid {
			fmt.Fprintln(out, "Nội dung đã ký:")
		} else {
			fmt.Fprintln(out, "Nội dung đã ký (chữ ký đúng, nhưng tệp đã bị sửa; đây là nội dung gốc):")
		}
		if v.Key != nil {
			fmt.Fprintf(out, "  Khoá ký: %s (%s)%s\n", v.Key.ID, v.Key.Office, keyValidity(v.Key, v.Signed))
		}
		for _, l := range v.Content.Text() {
			fmt.Fprintln(out, "  "+l)
		}
	}
	if !v.Valid {
		return invalidError{}
	}
	return nil
}

// keyValidity says when a key of the store was valid and whether it was
// on the day a copy was signed; nothing for a key from a file.
func keyValidity(k *registry.OfficeKey, signed time.Time) string {
	if k.Created.IsZero() {
		return ""
	}
	day := func(t time.Time) string { return t.In(extract.Zone).Format("02/01/2006") }
	s := ", hiệu lực từ " + day(k.Created)
	switch k.How {
	case registry.KeyReplaced:
		s += " đến " + day(k.Ended) + " (đã thay bằng khoá mới)"
	case registry.KeyRevoked:
		s += " đến " + day(k.Ended) + " (đã thu hồi)"
	}
	if signed.IsZero() {
		return s
	}
	if k.ValidAt(signed) {
		return s + "; còn hiệu lực vào ngày cấp " + day(signed)
	}
	return s + "; KHÔNG còn hiệu lực vào ngày cấp " + day(signed)
}

// readCapped reads a file of at most max bytes.
func readCapped(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "cannot read %s: %v", path, err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, registry.Errorf(registry.EINVALID, "cannot read %s: %v", path, err)
	}
	if int64(len(b)) > max {
		return nil, registry.Errorf(registry.ETOOLARGE, "%s is over %d bytes: not an extract", path, max)
	}
	return b, nil
}

// ExtractReprintOptions are the flags of `civreg extract reprint`.
type ExtractReprintOptions struct {
	ActorOptions
	Requester string
	Office    string
	Out       string
}

// AddFlags registers the options on cmd.
func (o *ExtractReprintOptions) AddFlags(cmd *cobra.Command) {
	o.ActorOptions.AddFlags(cmd, "the issuer printing the copy again")
	f := cmd.Flags()
	f.StringVar(&o.Requester, "requester", "", "who asked for the copy (required, for the log)")
	f.StringVarP(&o.Out, "out", "o", "", "PDF file to write, - for standard output (default TL-N-YYYY-CODE.pdf)")
	f.StringVar(&o.Office, "office", "", "the issuing office, where several offices share the store")
}

func newExtractReprintCommand(g *Globals) *cobra.Command {
	var o ExtractReprintOptions
	cmd := &cobra.Command{
		Use:   "reprint COPYNO --by USER --requester NAME [--out FILE]",
		Short: "Print an issued extract again, byte for byte; logged like an issue",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExtractReprint(cmd, g, o, args[0])
		},
	}
	o.AddFlags(cmd)
	return cmd
}

func runExtractReprint(cmd *cobra.Command, g *Globals, o ExtractReprintOptions, copyNo string) error {
	if strings.TrimSpace(o.Requester) == "" {
		return registry.Errorf(registry.EINVALID, "--requester is required: who asked for the copy")
	}
	db, err := openStore(g, false)
	if err != nil {
		return err
	}
	defer db.Close()
	by, err := signInAs(cmd.Context(), db, newPasswords(cmd, o.PasswordStdin), o.By, registry.Role.CanIssue, "only an issuer may print extracts")
	if err != nil {
		return err
	}
	svc := &issuance.Service{Records: db, Issues: db, Keys: db, Log: db}
	iss, doc, err := svc.ReprintOf(cmd.Context(), o.Office, copyNo, by.Name, o.Requester)
	if err != nil {
		return err
	}
	path := o.Out
	if path == "" {
		path = copyFileName(iss.CopyNo)
	}
	if err := writePDF(cmd, path, doc); err != nil {
		return err
	}
	if path != "-" {
		fmt.Fprintf(cmd.OutOrStdout(), "reprinted %s of record %s (issued %s at %s): %s (%d bytes)\n",
			iss.CopyNo, iss.RecordID, iss.At.In(extract.Zone).Format("2006-01-02 15:04"), iss.Office, path, len(doc))
	}
	return nil
}

func newExtractLogCommand(g *Globals) *cobra.Command {
	return &cobra.Command{
		Use:   "log [RECORD]",
		Short: "List the extracts issued, of one record or of all",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, err := openStore(g, false)
			if err != nil {
				return err
			}
			defer db.Close()
			record := ""
			if len(args) == 1 {
				record = args[0]
				if _, err := db.FindRecord(cmd.Context(), record); err != nil {
					return err
				}
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ISSUED\tCOPY NO\tRECORD\tTIME\tBY\tREQUESTER\tOFFICE")
			times := map[string]int{}
			n := 0
			err = db.EachIssuance(cmd.Context(), record, func(iss *registry.Issuance) error {
				times[iss.RecordID]++
				n++
				fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%s\t%s\t%s\n", iss.At.In(extract.Zone).Format("2006-01-02 15:04"), iss.CopyNo,
					iss.RecordID, times[iss.RecordID], iss.IssuedBy, iss.Requester, iss.Office)
				return nil
			})
			if err != nil {
				return err
			}
			if err := w.Flush(); err != nil {
				return err
			}
			if record != "" {
				evs, err := db.Events(cmd.Context(), record)
				if err != nil {
					return err
				}
				reprints := 0
				for _, e := range evs {
					if e.Action == "extract.reprinted" {
						reprints++
						fmt.Fprintf(cmd.OutOrStdout(), "reprinted %s %s by %s (%s)\n", e.New, e.At.In(extract.Zone).Format("2006-01-02 15:04"), e.Actor, e.Note)
					}
				}
				fmt.Fprintf(cmd.OutOrStdout(), "record %s: issued %d time(s), reprinted %d time(s)\n", record, n, reprints)
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "%d extract(s) of %d record(s)\n", n, len(times))
			}
			return nil
		},
	}
}
