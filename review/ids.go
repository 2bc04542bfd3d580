package review

import (
	"net/http"
	"strconv"

	"github.com/civreg/civreg/registry"
)

// pathID reads a positive numeric id from the path; anything else is
// EINVALID (400).
func pathID(r *http.Request, name string) (int64, error) {
	s := r.PathValue(name)
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 || len(s) > 19 {
		return 0, registry.Errorf(registry.EINVALID, "bad id %q", s)
	}
	return id, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
