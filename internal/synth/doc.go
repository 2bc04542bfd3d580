// Package synth draws sample register pages with exact ground truth: the
// pages everything else in civreg is measured against.
//
// A page is one entry of a register book (birth KS, marriage KH, death KT,
// recognition CMC; form eras A and B), laid out from the printed form in
// internal/form: the ruled frame, "Số:" and "Trang N" above it, bold section
// headings, each label followed by a dotted leader, the right-hand column
// with its tick boxes (Era B) and "Ghi chú:", the signature block. Values
// are typed on the dotted lines in a typeface and size that vary per page;
// fonts are found at run time under /usr/share/fonts (see Fonts).
//
// Values are realistic and consistent with each other (shared/spec/
// ledgers.md "Values" and "Cross-field rules"): names drawn by surname
// frequency, dates in the books' forms, dates in words that agree with the
// numeric date, 12-digit IDs that agree with the date of birth and sex,
// places from the HCMC units table (old names before 1 July 2025, new names
// after), legal marriage ages, registration after the event. Vocabularies
// live in data/, embedded.
//
// Wear (skew, blur, noise, JPEG artefacts, 200 dpi, bleed-through, red
// stamps and seals, blank and illegible fields, run-on values) is chosen
// with a Wear value or ParseWear's presets.
//
// Every page comes with a Truth: for every key of its form, the normalised
// value, the exact string drawn, the state (typed, blank or illegible: a
// scribble stands for a handwritten value nobody can read, and its value
// is unknown) and the value's box in the stored image, plus the box before
// the page was rotated and the rotation angle.
//
// Everything is deterministic: the same seed and options give the same
// bytes. Each page draws from its own PCG stream derived from the seed,
// the kind, the era and its index, so adding pages does not change others.
package synth
