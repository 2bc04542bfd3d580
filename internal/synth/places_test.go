package synth

import "testing"

func TestOffice(t *testing.T) {
	tests := []struct {
		u    unitRef
		want string
	}{
		{unitRef{Name: "Phường Bến Nghé", District: "Quận 1"}, "UBND phường Bến Nghé"},
		{unitRef{Name: "Phường 11", District: "Quận 5"}, "UBND Phường 11, Quận 5"},
		{unitRef{Name: "Xã Bình Hưng", District: "Huyện Bình Chánh"}, "UBND xã Bình Hưng"},
		{unitRef{Name: "Thị trấn Củ Chi", District: "Huyện Củ Chi"}, "UBND thị trấn Củ Chi"},
		{unitRef{Name: "Phường Sài Gòn", New: true}, "UBND phường Sài Gòn"},
	}
	for _, tt := range tests {
		if got := office(tt.u); got != tt.want {
			t.Errorf("office(%v) = %q, want %q", tt.u, got, tt.want)
		}
	}
	for _, tt := range []struct{ in, want string }{{"Phường 5", "P.5"}, {"Quận Bình Thạnh", "Q. Bình Thạnh"}, {"Huyện Củ Chi", "H. Củ Chi"}} {
		if got := abbrevUnit(tt.in); got != tt.want {
			t.Errorf("abbrevUnit(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
