// Package locate finds the fields of a register page from its printed
// labels. Given the words of one OCR pass over the page (text, confidence,
// box) and a form description, it aligns the form's labels, in page order,
// with the words, fuzzily (leader dots glue onto labels, diacritics are
// misread), and cuts each blank's value region: from its label to the next
// label on the line or to the column rule, run-on lines included.
//
// Labels that repeat on a page ("Họ và tên:", "Dân tộc:") are told apart by
// their order: the alignment is monotone in reading order, so each label is
// matched after the section heading and the labels that precede it.
//
// It knows nothing of Tesseract: callers convert their words to Word.
package locate
