package pdf

import "testing"

func TestOneLine(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"xref table: xref table: unexpected eof", "xref table: unexpected eof"},
		{"a: b: b: b: c\nstack trace", "a: b: c"},
		{"  plain  ", "plain"},
		{"", ""},
	} {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
