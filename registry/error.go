package registry

import (
	"errors"
	"fmt"
)

// Error codes shared by every package. They map to exit codes in the CLI and
// to HTTP statuses in the review server.
const (
	ECONFLICT     = "conflict"     // a stale update, a duplicate, a lease held by someone else
	EINTERNAL     = "internal"     // a bug or an unexpected failure
	EINVALID      = "invalid"      // bad input: a value, a flag, a file that cannot be read
	ENOTFOUND     = "not_found"    // no such record, task, batch or user
	EUNAUTHORIZED = "unauthorized" // not signed in, or not allowed to do this
	ETOOLARGE     = "too_large"    // an image or file over the configured cap
	EUNSUPPORTED  = "unsupported"  // a file type or feature civreg does not handle
	EUNAVAILABLE  = "unavailable"  // a database server that cannot be reached
)

// Error is a domain error: a code from the list above and a one-line,
// lower-case message fit to show a user.
type Error struct {
	Code    string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: an *Error's message,
// or err.Error() for anything else.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
