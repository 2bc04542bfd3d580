// Package issuance issues certified extracts (bản sao trích lục) of
// verified records and checks extracts handed in: the registry.Issuer
// service. It ties a record store, the issuance log, an office's signing
// key and the extract renderer together; it opens no store itself.
package issuance

import (
	"bytes"
	"context"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/civreg/civreg/internal/audit"
	"github.com/civreg/civreg/internal/extract"
	"github.com/civreg/civreg/internal/form"
	"github.com/civreg/civreg/internal/pdf"
	"github.com/civreg/civreg/registry"
	"golang.org/x/text/unicode/norm"
)

// Compile-time check that Service is an Issuer.
var _ registry.Issuer = (*Service)(nil)

// MaxPDF is the largest extract file Verify reads. An extract is well under
// 200 kB; anything far bigger is not one.
const MaxPDF = 8 << 20

// Service issues, reprints and verifies extracts.
type Service struct {
	Records registry.RecordStore
	Issues  registry.IssueStore
	Keys    registry.KeyStore
	// Audit is the store's tamper-evident log: a copy number is given only
	// while its chain holds, and each issue is sealed with a checkpoint
	// signed by Key. Nil only for a service that does not issue.
	Audit registry.AuditStore
	// Log records reprints; nil for a service that does not reprint.
	Log registry.EventLog
	// Key signs what this office issues; nil for a service that only
	// reprints and verifies.
	Key *extract.Key
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Issue makes a signed extract of a verified record for office (the key's
// office when empty), logs it under the office's next copy number, and
// returns it with its PDF. A record that is not verified is refused with
// EINVALID naming its pending fields; a key of another office, or one not
// registered in the store, is refused too. The copy number is allocated
// and the PDF drawn in the log's transaction, so a failed drawing uses no
// number.
func (s *Service) Issue(ctx context.Context, recordID, office, by, requester string) (*registry.Issuance, []byte, error) {
	if s.Key == nil {
		return nil, nil, registry.Errorf(registry.EINVALID, "no signing key: run civreg keys init, or pass --key")
	}
	office = norm.NFC.String(strings.TrimSpace(office))
	if office == "" {
		office = s.Key.Office
	}
	if s.Key.Office != office {
		return nil, nil, registry.Errorf(registry.EINVALID, "key %s belongs to %q, not %q", s.Key.ID, s.Key.Office, office)
	}
	stored, err := s.Keys.FindKey(ctx, s.Key.ID)
	if err != nil {
		if registry.ErrorCode(err) == registry.ENOTFOUND {
			return nil, nil, registry.Errorf(registry.ENOTFOUND, "key %s is not registered in this store: run civreg keys import", s.Key.ID)
		}
		return nil, nil, err
	}
	if stored.Office != office || !bytes.Equal(stored.Public, s.Key.Public().Public) {
		return nil, nil, registry.Errorf(registry.ECONFLICT, "key %s is registered for %q, not %q", s.Key.ID, stored.Office, office)
	}
	if !stored.Ended.IsZero() {
		return nil, nil, registry.Errorf(registry.ECONFLICT, "key %s was %s on %s: it signs no more copies", s.Key.ID, stored.How,
			stored.Ended.In(extract.Zone).Format("02/01/2006"))
	}
	by, requester = strings.TrimSpace(by), norm.NFC.String(strings.TrimSpace(requester))
	if by == "" {
		return nil, nil, registry.Errorf(registry.EINVALID, "name the user who issues the extract")
	}
	if requester == "" {
		return nil, nil, registry.Errorf(registry.EINVALID, "name the person who asked for the copy")
	}
	rec, err := s.Records.FindRecord(ctx, recordID)
	if err != nil {
		return nil, nil, err
	}
	if err := CheckVerified(rec); err != nil {
		return nil, nil, err
	}

	if err := s.checkLog(ctx); err != nil {
		return nil, nil, err
	}
	at := s.now().In(extract.Zone).Truncate(time.Second)
	iss := &registry.Issuance{
		Office: office, Year: at.Year(), RecordID: rec.ID, IssuedBy: by,
		Requester: requester, At: at.UTC(),
	}
	var doc []byte
	err = s.Issues.NextCopy(ctx, iss, extract.Code(rec.Kind), func(iss *registry.Issuance) error {
		c, err := extract.NewContent(rec, iss.CopyNo, office, at)
		if err != nil {
			return err
		}
		content, err := c.Canonical()
		if err != nil {
			return err
		}
		msg, err := extract.SignedMessage(content, s.Key.ID)
		if err != nil {
			return err
		}
		sig := s.Key.Sign(msg)
		if doc, err = extract.Render(content, sig, s.Key.ID); err != nil {
			return err
		}
		iss.Content, iss.Signature, iss.KeyID = content, sig, s.Key.ID
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	err = s.Audit.AddCheckpoint(ctx, func(head *registry.Link) (*registry.Checkpoint, error) {
		return audit.Seal(head, s.Key.ID, s.Key.Private, s.now())
	})
	if err != nil {
		return iss, doc, registry.Errorf(registry.EINTERNAL, "extract %s is issued but the audit log could not be sealed: %s", iss.CopyNo, registry.ErrorMessage(err))
	}
	return iss, doc, nil
}

// Preview returns what an extract of a verified record for office (the
// key's office when empty) would print, with the copy number left open.
func (s *Service) Preview(ctx context.Context, recordID, office string) ([]string, error) {
	office = norm.NFC.String(strings.TrimSpace(office))
	if office == "" && s.Key != nil {
		office = s.Key.Office
	}
	rec, err := s.Records.FindRecord(ctx, recordID)
	if err != nil {
		return nil, err
	}
	if err := CheckVerified(rec); err != nil {
		return nil, err
	}
	c, err := extract.NewContent(rec, "…/"+strconv.Itoa(s.now().In(extract.Zone).Year())+"/"+extract.Code(rec.Kind), office, s.now())
	if err != nil {
		return nil, err
	}
	return c.Text(), nil
}

// checkLog refuses to give a copy number while the audit log is broken:
// a number whose issuance was deleted from the file would otherwise be
// given again.
func (s *Service) checkLog(ctx context.Context) error {
	if s.Audit == nil {
		return registry.Errorf(registry.EINVALID, "no audit log to record the extract in")
	}
	r, err := audit.Check(ctx, s.Audit, s.Keys)
	if err != nil {
		return err
	}
	if r.Broken != nil {
		return registry.Errorf(registry.ECONFLICT, "%s; no extract is issued until it is looked into (civreg audit verify)", r.Broken.Error())
	}
	return nil
}

// CheckVerified returns nil for a verified record, and otherwise EINVALID
// naming the fields still waiting for review, in the form's order, with
// their printed labels.
func CheckVerified(rec *registry.Record) error {
	var pending []string
	for key, f := range rec.Fields {
		if f.Status == registry.FieldNeedsReview {
			pending = append(pending, key)
		}
	}
	if len(pending) == 0 && rec.Status == registry.RecordVerified {
		return nil
	}
	fm := form.Get(rec.Kind, rec.Era)
	order := map[string]int{}
	if fm != nil {
		for i, k := range fm.Keys() {
			order[k] = i + 1
		}
	}
	sort.Slice(pending, func(i, j int) bool {
		oi, oj := order[pending[i]], order[pending[j]]
		if oi != oj {
			return oi < oj
		}
		return pending[i] < pending[j]
	})
	names := make([]string, len(pending))
	for i, k := range pending {
		names[i] = k
		if fm != nil {
			if fs, ok := fm.Field(k); ok && fs.Label != "" {
				names[i] = k + " (" + strings.TrimSuffix(fs.Label, ":") + ")"
			}
		}
	}
	if len(names) == 0 {
		return registry.Errorf(registry.EINVALID, "record %s is not verified", rec.ID)
	}
	return registry.Errorf(registry.EINVALID, "record %s is not verified: %d field(s) pending review: %s",
		rec.ID, len(names), strings.Join(names, ", "))
}

// Reprint draws an issued copy again, byte for byte, for by at the
// request of requester, logged as an "extract.reprinted" event: a copy
// printed again is given out like the first.
func (s *Service) Reprint(ctx context.Context, copyNo, by, requester string) (*registry.Issuance, []byte, error) {
	return s.ReprintOf(ctx, "", copyNo, by, requester)
}

// officeFinder is a store that tells the same copy number of two offices
// apart.
type officeFinder interface {
	FindOfficeIssuance(ctx context.Context, office, copyNo string) (*registry.Issuance, error)
}

// ReprintOf is Reprint for the copy of one office, for a store that holds
// several offices' logs.
func (s *Service) ReprintOf(ctx context.Context, office, copyNo, by, requester string) (*registry.Issuance, []byte, error) {
	by, requester = strings.TrimSpace(by), norm.NFC.String(strings.TrimSpace(requester))
	switch {
	case by == "":
		return nil, nil, registry.Errorf(registry.EINVALID, "name the user who prints the copy")
	case requester == "":
		return nil, nil, registry.Errorf(registry.EINVALID, "name the person who asked for the copy")
	case s.Log == nil:
		return nil, nil, registry.Errorf(registry.EINVALID, "no log to record the reprint in")
	}
	var iss *registry.Issuance
	var err error
	if f, ok := s.Issues.(officeFinder); office != "" && ok {
		iss, err = f.FindOfficeIssuance(ctx, norm.NFC.String(office), copyNo)
	} else {
		iss, err = s.Issues.FindIssuance(ctx, copyNo)
	}
	if err != nil {
		return nil, nil, err
	}
	iss, doc, err := s.reprint(iss)
	if err != nil {
		return nil, nil, err
	}
	err = s.Log.LogEvent(ctx, &registry.Event{Actor: by, Action: "extract.reprinted", RecordID: iss.RecordID, New: iss.CopyNo,
		Note: "cơ quan cấp: " + iss.Office + "; người yêu cầu: " + requester})
	if err != nil {
		return nil, nil, err
	}
	return iss, doc, nil
}

func (s *Service) reprint(iss *registry.Issuance) (*registry.Issuance, []byte, error) {
	doc, err := extract.Render(iss.Content, iss.Signature, iss.KeyID)
	if err != nil {
		return nil, nil, err
	}
	return iss, doc, nil
}

// Verdict is what Verify found.
type Verdict struct {
	Valid  bool
	Reason string // why not, one line, when not Valid
	// Content is the signed content when the signature holds (also when
	// the file around it was changed); nil otherwise.
	Content *extract.Content
	Key     *registry.OfficeKey // the key that signed, when known
	// Signed is when the content says the copy was issued; the key must
	// have been valid then.
	Signed time.Time
}

// Verify checks an extract PDF: its embedded content must carry a valid
// signature of a known office key (pub, or the store's key with the
// embedded key id when pub is nil) of the office the content names, and
// drawing that content again must give the file byte for byte, so that
// no visible text and no byte of the file can have changed. An error is
// returned only when the check could not be made (the store failed); a
// file that is not a genuine extract gives a Verdict that is not Valid.
func (s *Service) Verify(ctx context.Context, doc []byte, pub *registry.OfficeKey) (*Verdict, error) {
	if len(doc) > MaxPDF {
		return &Verdict{Reason: "the file is too large to be an extract"}, nil
	}
	files, err := pdf.Attachments(bytes.NewReader(doc), 1<<20)
	if err != nil {
		return &Verdict{Reason: "not a readable extract pdf: " + registry.ErrorMessage(err)}, nil
	}
	content, sealed := files[extract.ContentFile], files[extract.SealFile]
	if content == nil || sealed == nil {
		return &Verdict{Reason: "no signed extract content embedded in the file"}, nil
	}
	keyID, sig, err := extract.ParseSeal(sealed)
	if err != nil {
		return &Verdict{Reason: registry.ErrorMessage(err)}, nil
	}
	v := &Verdict{}
	key, why, err := s.findKey(ctx, keyID, pub)
	if err != nil || why != "" {
		return &Verdict{Reason: why}, err
	}
	v.Key = key
	msg, err := extract.SignedMessage(content, keyID)
	if err != nil {
		v.Reason = registry.ErrorMessage(err)
		return v, nil
	}
	if !extract.Verify(key, msg, sig) {
		v.Reason = "the signature does not match the content"
		return v, nil
	}
	c, err := extract.Parse(content)
	if err != nil {
		v.Reason = registry.ErrorMessage(err)
		return v, nil
	}
	v.Content = c
	if key.Office == "" {
		v.Reason = "the public key names no office, so it vouches for none"
		return v, nil
	}
	if key.Office != c.Office {
		v.Reason = "signed with a key of " + key.Office + ", but the extract names " + c.Office
		return v, nil
	}
	if v.Signed, err = time.Parse(time.RFC3339, c.Issued); err != nil {
		v.Reason = "the signed content has no issue date"
		return v, nil
	}
	if !key.ValidAt(v.Signed) {
		v.Reason = keyNotValid(key, v.Signed)
		return v, nil
	}
	again, err := extract.Render(content, sig, keyID)
	if err != nil {
		v.Reason = "the signed content cannot be drawn: " + registry.ErrorMessage(err)
		return v, nil
	}
	if !bytes.Equal(again, doc) {
		v.Reason = "the file differs from the extract its signed content draws (changed after issue)"
		return v, nil
	}
	v.Valid = true
	return v, nil
}

// findKey returns the key with id keyID: pub, or the store's. A key that
// cannot be had is a reason, not an error.
func (s *Service) findKey(ctx context.Context, keyID string, pub *registry.OfficeKey) (*registry.OfficeKey, string, error) {
	key := pub
	if key == nil {
		if s.Keys == nil {
			return nil, "no public key to check against", nil
		}
		var err error
		key, err = s.Keys.FindKey(ctx, keyID)
		if registry.ErrorCode(err) == registry.ENOTFOUND {
			return nil, "signed with key " + keyID + ", which this store does not know (import the office's public key, or pass --pubkey)", nil
		} else if err != nil {
			return nil, "", err
		}
	}
	if key.ID != keyID {
		return nil, "signed with key " + keyID + ", not with key " + key.ID, nil
	}
	return key, "", nil
}

// QRVerdict is what VerifyQR found.
type QRVerdict struct {
	Valid  bool
	Reason string
	QR     *extract.QR // what the code states, when readable
	Key    *registry.OfficeKey
	Signed time.Time
}

// VerifyQR checks the text of an extract's QR code without the file: the
// office key's signature over the summary it states (the copy, the people
// it is about, the registration, and the digest of the whole content),
// the key's office and its validity on the day of issue. A paper copy
// whose printed values differ from what the code states is not genuine.
func (s *Service) VerifyQR(ctx context.Context, text string, pub *registry.OfficeKey) (*QRVerdict, error) {
	q, err := extract.ParseQR(text)
	if err != nil {
		return &QRVerdict{Reason: registry.ErrorMessage(err)}, nil
	}
	v := &QRVerdict{QR: q}
	key, why, err := s.findKey(ctx, q.KeyID, pub)
	if err != nil || why != "" {
		v.Reason = why
		return v, err
	}
	v.Key = key
	switch {
	case !extract.Verify(key, q.Message, q.Sig):
		v.Reason = "the signature does not match what the code states"
	case key.Office == "":
		v.Reason = "the public key names no office, so it vouches for none"
	case key.Office != q.Office:
		v.Reason = "signed with a key of " + key.Office + ", but the code names " + q.Office
	}
	if v.Reason != "" {
		return v, nil
	}
	if v.Signed, err = time.Parse(time.RFC3339, q.Issued); err != nil {
		v.Reason = "the code has no issue date"
		return v, nil
	}
	if !key.ValidAt(v.Signed) {
		v.Reason = keyNotValid(key, v.Signed)
		return v, nil
	}
	v.Valid = true
	return v, nil
}

// keyNotValid says why key was not valid at t.
func keyNotValid(key *registry.OfficeKey, t time.Time) string {
	day := func(t time.Time) string { return t.In(extract.Zone).Format("02/01/2006 15:04") }
	if t.Before(key.Created.Truncate(time.Second)) {
		return "dated " + day(t) + ", before key " + key.ID + " was made (" + day(key.Created) + ")"
	}
	return "dated " + day(t) + ", but key " + key.ID + " was " + key.How + " on " + day(key.Ended)
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
