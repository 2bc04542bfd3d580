package preprocess

// WorkingDPI is the resolution the reader is tuned at: type sizes,
// leader pitches and the calibration were measured on 300-dpi pages.
const WorkingDPI = 300

// ScaleFor returns the factor that brings a page scanned at dpi to
// WorkingDPI, for Options.Scale. It is 1 for a resolution the file did
// not state (0), for one within 5 % of WorkingDPI, and for one outside
// 150–600 dpi: no register scanner writes those, but tools that never knew
// the scan's resolution write 72 or 96.
func ScaleFor(dpi int) float64 {
	if dpi < 150 || dpi > 600 || (dpi >= WorkingDPI*95/100 && dpi <= WorkingDPI*105/100) {
		return 1
	}
	return float64(WorkingDPI) / float64(dpi)
}
