// Package normalize turns what was read off a register page into the
// normalised values of the export contract, and says whether a reading is
// valid for its type: dates (numeric and in words), times of death, names,
// sex, ethnicity, nationality, personal IDs and identity documents, places
// against the 2025 units, the signer's line, relations and tick boxes.
// Normalize dispatches on a registry.ValueType and returns a Result.
//
// CheckRecord applies the cross-field rules of shared/spec/ledgers.md to
// one record's normalised values; each Rule is evidence for or against the
// readings it names, and its Name is a stable routing reason.
//
// Vocabularies are data files under data/, embedded and parsed once:
// ethnicities, nationalities, provinces (ID codes), old districts, signer
// titles and noise, relations, number words, tick-box texts, and the 2025
// units table. Every function accepts arbitrary bytes, invalid UTF-8
// included, and never panics; matching folds accents, case and spacing, so
// NFD input and readings in capitals work like NFC title case.
package normalize
