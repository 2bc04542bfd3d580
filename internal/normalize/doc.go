// Package normalize turns what was read off a register page into the
// normalised values of the export contract, and says whether a reading is
// valid for its type: dates (numeric and in words), names, sex, ethnicity,
// nationality, personal IDs, places against the 2025 units, the signer's
// line. It also checks the cross-field rules of shared/spec/ledgers.md.
//
// Vocabularies are data files under data/, embedded.
package normalize
