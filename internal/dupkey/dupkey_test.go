package dupkey_test

import (
	"testing"

	"github.com/civreg/civreg/internal/dupkey"
	"github.com/civreg/civreg/registry"
)

// TestKeys checks the keys and the judgement of a pair, with no store.
func TestKeys(t *testing.T) {
	a := dupkey.Keys(registry.Birth, map[string]string{"nksHoTen": "Nguyễn Văn An", "nksNgaySinh": "1990-05-03", "nksSoDinhDanh": "079 090 001 234"})
	b := dupkey.Keys(registry.Birth, map[string]string{"nksHoTen": "NGUYEN VAN AN", "nksNgaySinh": "1990-05-03"})
	if len(a) != 2 || len(b) != 1 || a[0].Key != b[0].Key {
		t.Fatalf("keys %+v and %+v: want the name+date key shared, and an ID key", a, b)
	}
	score, why := dupkey.Judge([]dupkey.Key{a[0]}, false)
	withReentry, _ := dupkey.Judge([]dupkey.Key{a[0]}, true)
	if score != 0.8 || withReentry <= score || why == "" {
		t.Errorf("Judge = %v %q (with a re-registration %v); want 0.8 and more", score, why, withReentry)
	}
	if dupkey.IDNumber("CCCD số 079090001234 cấp ngày") != "079090001234" || dupkey.IDNumber("số 12") != "" {
		t.Error("IDNumber")
	}
	if !dupkey.Reentry(map[string]string{"ghiChu": "Đăng ký lại"}) {
		t.Error("Reentry misses a re-registration")
	}
}
