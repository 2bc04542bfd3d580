package normalize

import (
	"fmt"
	"strconv"
)

// RuleSequence is the batch's rule for the numbers that count up through a
// book: a page's number (trangSo) and an entry's (so).
const RuleSequence = "sequence"

// SequenceKeys are the fields whose numbers count up through a book, page
// after page.
var SequenceKeys = []string{"so", "trangSo"}

// OutOfSequence looks at one field's numbers on a batch's pages in the
// order the pages were scanned ("" where nothing was read) and returns,
// for each number between two that are two apart and that is not the one
// between them, a note saying so: with 57 before and 59 after, a page read
// as 5 is a misreading of 58 (a 1 or a 7 is what OCR loses). Neighbours
// further apart say nothing: a page missing from the batch (failed, or not
// scanned) or two entries on a page break the count honestly, and with
// 330 and 334 around it, 333 may be right. On the calibration pages every
// number it flagged (12 of 1,000 pages) was a misreading.
func OutOfSequence(values []string) map[int]string {
	nums := make([]int, len(values))
	for i, v := range values {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			n = -1
		}
		nums[i] = n
	}
	out := map[int]string{}
	for i := 1; i+1 < len(nums); i++ {
		prev, cur, next := nums[i-1], nums[i], nums[i+1]
		if prev < 0 || next < 0 || cur < 0 {
			continue
		}
		if next != prev+2 {
			continue
		}
		if want := prev + 1; cur != want {
			out[i] = fmt.Sprintf("số %d không liền với trang trước (%d) và trang sau (%d)", cur, prev, next)
		}
	}
	return out
}

// RuleDateOrder is the batch's rule for registration dates: a book records
// entries in the order they were registered, so an entry's date lies
// between its neighbours'.
const RuleDateOrder = "date_order"

// dateOrderText is what RuleDateOrder checks.
const dateOrderText = "ngày đăng ký không nằm giữa ngày của trang trước và trang sau trong lô"

// OutOfDateOrder looks at the registration dates of a batch's pages in the
// order the pages were scanned ("" where none was read, ISO dates
// otherwise) and returns, for each full date that does not lie between
// its neighbours' when the neighbours are in order, a note saying so: with
// 02/01/2011 before and 04/01/2011 after, a date read as 03/07/2011 is a
// misreading of the day or month (italic 1s read as 7s). Neighbours out of
// order with each other say nothing, nor does a date with no day.
func OutOfDateOrder(values []string) map[int]string {
	full := func(v string) bool { return len(v) == len("2006-01-02") }
	out := map[int]string{}
	for i := 1; i+1 < len(values); i++ {
		prev, cur, next := values[i-1], values[i], values[i+1]
		if !full(prev) || !full(cur) || !full(next) || prev > next {
			continue
		}
		if cur < prev || cur > next {
			out[i] = fmt.Sprintf("ngày đăng ký %s không nằm giữa trang trước (%s) và trang sau (%s)", dmy(cur), dmy(prev), dmy(next))
		}
	}
	return out
}

// dmy writes an ISO date as people read it, dd/mm/yyyy.
func dmy(iso string) string {
	return iso[8:10] + "/" + iso[5:7] + "/" + iso[0:4]
}
