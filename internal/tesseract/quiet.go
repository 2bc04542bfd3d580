package tesseract

// #include <leptonica/allheaders.h>
// static void provoke_leptonica(void) { pixDestroy(NULL); pixScale(NULL, 2, 2); }
// static void drop(const char *msg) { (void)msg; }
// static void silence(void) { setMsgSeverity(L_SEVERITY_NONE); leptSetStderrHandler(drop); }
import "C"

// Leptonica writes its warnings to the process's stderr ("Error in
// pixScaleAreaMap: pixd too small" on every 200-dpi page Tesseract
// scales): they reach the user's terminal between civreg's own lines and
// say nothing the page's report does not. Silenced once, for the process,
// before any engine runs: no message is made, and any that still is (a
// call raising the severity again) goes nowhere. Self-contained so that it
// moves with the Tesseract code as is. Tesseract's own messages go to its
// debug_file (see newAPI).
func init() { C.silence() }

// provokeLeptonica makes Leptonica report an error, for the test that
// nothing reaches stderr.
func provokeLeptonica() { C.provoke_leptonica() }
