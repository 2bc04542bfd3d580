# civreg — see README.md. `make demo` and `make test` work from a clean clone
# on a fresh Debian 12 machine as root: both install what is missing first.
# `make unit` and `make lint` are the fast loop: no root, no apt.

GO        ?= go
BIN       := bin/civreg
DEMO_DIR  ?= /tmp/civreg-demo
BENCH_DIR ?= /tmp/civreg-bench
export CGO_ENABLED := 1
# Tesseract parallelises inside a page with OpenMP; we parallelise across
# pages with one engine per worker, which is faster on 2 cores.
export OMP_THREAD_LIMIT := 1

# staticcheck 2026.2.2, the release that knows Go 1.26; run from the module
# proxy, so it is not a requirement of civreg's go.mod.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all deps build test unit lint fuzz demo bench clean

all: build

# As root, install the Debian packages that are missing; as anyone else,
# only name them: the tests that need them skip (or fail under CI=true).
deps:
	@if [ "$$(id -u)" -eq 0 ]; then ./.ci/install-deps; else ./.ci/install-deps --check; fi

build: deps
	$(GO) build -o $(BIN) ./cmd/civreg

test: build
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 40m ./...
	$(MAKE) --no-print-directory fuzz

# The fast loop: every package's tests under -short, which leaves out the
# tests that run Tesseract, Chromium, poppler or libtiff-tools as programs
# (internal/testenv) and the long crash and load tests. Its C (SQLite's
# amalgamation above all: 55 s of CPU at cgo's default -O2 -g, 17 s at -O1)
# is compiled at -O1 without debug information; no test times anything.
# A CGO_CFLAGS of your own wins.
unit lint: export CGO_CFLAGS ?= -O1 -g0

unit:
	$(GO) test -short -count=1 ./...

# Formatting, vet, staticcheck, a tidy go.mod, and the shape of the code:
# the import direction and the length of functions (internal/archtest).
lint:
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt -l: not formatted:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) mod tidy -diff
	$(GO) test -count=1 ./internal/archtest

# A short run of every fuzz target; their corpora live in testdata/fuzz.
# The budget is a count, not a duration: Go 1.26's coordinator can report a
# spurious "context deadline exceeded" when a -fuzztime duration ends
# (go.dev/issue/75804). A real failure prints its output and leaves the
# input in testdata/fuzz.
FUZZ_EXECS ?= 20000x
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "fuzz $$pkg $$f"; \
	    $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZ_EXECS) $$pkg >/tmp/civreg-fuzz.log 2>&1 || { tail -40 /tmp/civreg-fuzz.log; exit 1; }; \
	  done; \
	done

demo: build
	rm -rf $(DEMO_DIR) && mkdir -p $(DEMO_DIR)
	$(BIN) samples generate --out $(DEMO_DIR)/pages --seed 7 --pages 1 --wear light
	$(BIN) --db $(DEMO_DIR)/civreg.db scan --office "UBND phường Bến Nghé" $(DEMO_DIR)/pages samples/
	$(BIN) --db $(DEMO_DIR)/civreg.db export --format ndjson --out $(DEMO_DIR)/records.ndjson
	$(BIN) --db $(DEMO_DIR)/civreg.db export --format csv --out $(DEMO_DIR)/records.csv
	@echo
	@echo "Open next: $(DEMO_DIR)/records.csv (spreadsheet), $(DEMO_DIR)/records.ndjson,"
	@echo "the generated pages in $(DEMO_DIR)/pages, and the store $(DEMO_DIR)/civreg.db."
	@echo "Review what the machine was unsure of:"
	@echo "  $(BIN) --db $(DEMO_DIR)/civreg.db user add lan --role reviewer"
	@echo "  $(BIN) --db $(DEMO_DIR)/civreg.db review serve    # http://127.0.0.1:8080/"

# The scale run loads SCALE synthetic records straight into a store (no OCR)
# and times load, search, export and the review queue: SCALE=200000 for a
# quick look. 12 million records take about 60 GB of disk. Then the same
# records go into a PostgreSQL server the bench starts in SCALE_DIR/pg (the
# SQLite file removed first: the registry takes about 50 GB more).
SCALE     ?= 12000000
SCALE_DIR ?= /tmp/civreg-scale

# The reader bench: the tuned, held-out and outside families side by side,
# over BENCH_SEEDS seeds of BENCH_PAGES pages per kind × era each (288 pages
# by default: about 7 minutes on 2 idle cores) and BENCH_OUTSIDE_PAGES for
# the outside family (72 pages laid out by LibreOffice: about 8 minutes more),
# with 95 % intervals.
BENCH_PAGES ?= 6
BENCH_OUTSIDE_PAGES ?= 3
# Heavy wear (skew to 3°, 200 dpi, noise, JPEG, bleed-through, seals) on the
# held-out family, whose containers include 1-bit G4 both ways: one seed of
# BENCH_HEAVY_PAGES per kind × era (16 pages: about 4 minutes with the timing
# against the tesseract CLI).
BENCH_HEAVY_PAGES ?= 2
# The national export of an office of MOJ_N verified entries (issue 23:
# 100,000 in ≤ 10 min and ≤ 300 MB).
MOJ_N       ?= 100000
MOJ_DIR     ?= /tmp/civreg-moj
BENCH_SEEDS ?= 3
# Keying handwritten pages in Chromium through the keying view (issue 21:
# keys ≤ 0.6 × value characters, ≤ 1.2 other keys per field, ≤ 300 ms page
# to page); about 4 minutes.
KEYING_PAGES ?= 24
KEYING_DIR   ?= /tmp/civreg-keying
# Pages as archives and book scanners store them (spreads, sideways, JPEG
# 2000 and JBIG2 PDFs, curled lines), each beside the same pages in PNG:
# CONTAINER_PAGES entries per kind × era a row (a spread needs two; 8 rows
# of 16 pages: about 8 minutes on 2 idle cores).
CONTAINER_PAGES ?= 2

bench: build
	$(GO) build -o bin/civreg-bench ./cmd/civreg-bench
	bin/civreg-bench -bin $(BIN) -dir $(BENCH_DIR) -families tuned,held-out,outside -seeds $(BENCH_SEEDS) -pages $(BENCH_PAGES) -outside-pages $(BENCH_OUTSIDE_PAGES) -readings $(BENCH_DIR)/readings.tsv -out $(BENCH_DIR)/results.md
	bin/civreg-bench -bin $(BIN) -dir $(BENCH_DIR)-heavy -families held-out -wear heavy -seeds 1 -pages $(BENCH_HEAVY_PAGES) -readings $(BENCH_DIR)-heavy/readings.tsv -out $(BENCH_DIR)-heavy.md
	bin/civreg-bench -containers -bin $(BIN) -dir $(BENCH_DIR)-containers -pages $(CONTAINER_PAGES) -out $(BENCH_DIR)-containers.md
	bin/civreg-bench -moj $(MOJ_N) -bin $(BIN) -dir $(MOJ_DIR) -out $(MOJ_DIR)/results.md
	bin/civreg-bench -keying -pages $(KEYING_PAGES) -bin $(BIN) -dir $(KEYING_DIR)
	nice -n 10 bin/civreg-bench -scale $(SCALE) -dir $(SCALE_DIR) -scale-pg server

clean:
	rm -rf bin $(DEMO_DIR) $(BENCH_DIR) $(BENCH_DIR)-heavy $(BENCH_DIR)-heavy.md $(BENCH_DIR)-containers $(BENCH_DIR)-containers.md $(SCALE_DIR) $(MOJ_DIR)
