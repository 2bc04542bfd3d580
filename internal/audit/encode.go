package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"strconv"
	"time"

	"github.com/civreg/civreg/registry"
)

// timeLayout is how times enter a row's encoding: UTC, to the microsecond
// a store keeps, so that a row read back encodes as it was written.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// encoder writes fields each with its length first, so that no two rows
// encode alike by moving bytes from one field to the next.
type encoder []byte

func (e *encoder) bytes(b []byte) {
	*e = binary.BigEndian.AppendUint32(*e, uint32(len(b)))
	*e = append(*e, b...)
}

func (e *encoder) str(s string) { e.bytes([]byte(s)) }
func (e *encoder) int(n int64)  { e.str(strconv.FormatInt(n, 10)) }
func (e *encoder) time(t time.Time) {
	if t.IsZero() {
		e.str("")
		return
	}
	e.str(t.UTC().Format(timeLayout))
}

// EncodeEvent returns the canonical content of an event, as its link's
// hash covers it: every column, its id included, so that rows cannot be
// swapped either.
func EncodeEvent(ev *registry.Event) []byte {
	e := encoder("civreg event v1\n")
	e.int(ev.ID)
	e.time(ev.At)
	for _, s := range []string{ev.Actor, ev.Action, ev.RecordID, ev.FieldKey, ev.Old, ev.New, ev.Note} {
		e.str(s)
	}
	return e
}

// EncodeIssuance returns the canonical content of an issuance.
func EncodeIssuance(iss *registry.Issuance) []byte {
	e := encoder("civreg issuance v1\n")
	e.int(iss.ID)
	for _, s := range []string{iss.CopyNo, iss.Office} {
		e.str(s)
	}
	e.int(int64(iss.Year))
	e.int(int64(iss.Seq))
	for _, s := range []string{iss.RecordID, iss.IssuedBy, iss.Requester} {
		e.str(s)
	}
	e.time(iss.At)
	e.bytes(iss.Content)
	e.bytes(iss.Signature)
	e.str(iss.KeyID)
	return e
}

// Encode returns the canonical content of the row a link covers, or nil
// when the row is gone.
func Encode(l *registry.Link) []byte {
	switch {
	case l.Event != nil:
		return EncodeEvent(l.Event)
	case l.Issuance != nil:
		return EncodeIssuance(l.Issuance)
	}
	return nil
}

// Next returns the hash of the link after prev (nil for the first link)
// covering a row's canonical content.
func Next(prev, content []byte) []byte {
	h := sha256.New()
	h.Write([]byte("civreg audit link v1\n"))
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(prev)))
	h.Write(n[:])
	h.Write(prev)
	h.Write(content)
	return h.Sum(nil)
}
