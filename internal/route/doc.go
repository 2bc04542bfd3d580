// Package route decides, for each field read off a page, how far to trust
// it and whether a person must look at it.
//
// A field's confidence is calibrated: the reading's evidence (OCR word
// confidences, whether the value parses as its type, whether the cross-field
// rules agree, whether two readings agree) falls into a bucket, and the
// bucket's confidence is the share of such readings that were right on
// generated pages with known truth (calibration.json, made by
// `civreg calibrate`). The thresholds are data too (policy.json).
package route
