// Package form describes the printed register forms, one per book kind and
// era: which labels are printed in which order, under which section
// headings, which field key each blank holds and of which value type.
//
// The descriptions are data (forms/*.json, embedded): a new form edition is a
// new or changed file, not new code. The same description drives the sample
// generator (what to print) and the field locator (what to look for).
package form
