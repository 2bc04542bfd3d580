package normalize_test

import (
	"testing"

	"github.com/civreg/civreg/internal/normalize"
	"github.com/civreg/civreg/registry"
)

// BenchmarkNormalize runs one realistic reading of each common type.
func BenchmarkNormalize(b *testing.B) {
	in := []struct {
		t   registry.ValueType
		raw string
	}{
		{registry.TypeName, "NGUYỄN THỊ NHÀN"},
		{registry.TypeDate, "26/6/1948"},
		{registry.TypeDateWords, "Ngày hai mươi sáu, tháng sáu, năm một ngàn chín trăm bốn mươi tám"},
		{registry.TypeEthnicity, "Khơ me"},
		{registry.TypeNationality, "Việt nam"},
		{registry.TypePlace, "Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh"},
		{registry.TypeSigner, "Nguyễn Văn An - Phó Chủ tịch UBND"},
		{registry.TypeDeathTime, "0h20' ngày 25/9/2010"},
		{registry.TypeIDDocument, "CCCD số 079203001234 do Cục Cảnh sát cấp"},
	}
	normalize.Normalize(registry.TypeName, "") // load vocabularies
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, x := range in {
			normalize.Normalize(x.t, x.raw)
		}
	}
}
