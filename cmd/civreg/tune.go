package main

// Tesseract tuned for the whole process: OpenMP regions on the calling
// thread, raw text-line images, glibc's heap kept. See the package doc;
// without this import Tesseract runs as shipped and reads the same.
import _ "github.com/civreg/civreg/internal/tesseract/tune"
