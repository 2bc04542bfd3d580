# civreg — see README.md. `make demo` and `make test` work from a clean clone
# on a fresh Debian 12 machine as root: both install what is missing first.

GO        ?= go
BIN       := bin/civreg
DEMO_DIR  ?= /tmp/civreg-demo
BENCH_DIR ?= /tmp/civreg-bench
export CGO_ENABLED := 1
# Tesseract parallelises inside a page with OpenMP; we parallelise across
# pages with one engine per worker, which is faster on 2 cores.
export OMP_THREAD_LIMIT := 1

.PHONY: all deps build test fuzz demo bench clean

all: build

deps:
	@./.ci/install-deps

build: deps
	$(GO) build -o $(BIN) ./cmd/civreg

test: build
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 40m ./...
	$(MAKE) --no-print-directory fuzz

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
# quick look. 12 million records take about 60 GB of disk.
SCALE     ?= 12000000
SCALE_DIR ?= /tmp/civreg-scale

# The reader bench: the tuned and the held-out families side by side, over
# BENCH_SEEDS seeds of BENCH_PAGES pages per kind × era each (288 pages by
# default: about 7 minutes on 2 idle cores), with 95 % intervals.
BENCH_PAGES ?= 6
BENCH_SEEDS ?= 3

bench: build
	$(GO) build -o bin/civreg-bench ./cmd/civreg-bench
	bin/civreg-bench -bin $(BIN) -dir $(BENCH_DIR) -families tuned,held-out -seeds $(BENCH_SEEDS) -pages $(BENCH_PAGES) -out $(BENCH_DIR)/results.md
	nice -n 10 bin/civreg-bench -scale $(SCALE) -dir $(SCALE_DIR)

clean:
	rm -rf bin $(DEMO_DIR) $(BENCH_DIR) $(SCALE_DIR)
