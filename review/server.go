package review

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/civreg/civreg/registry"
)

// DefaultLease is how long a task stays with the reviewer who opened it
// when Config.Lease is zero.
const DefaultLease = 5 * time.Minute

// sessionLife is how long a sign-in lasts: one working day.
const sessionLife = 12 * time.Hour

// Config is what the server is built from. Users, Signin, Log, Review and Records are
// required; Search and Issue may be nil, and the issuer's pages then say the
// feature is not configured.
type Config struct {
	Users  registry.UserStore
	Signin registry.SigninStore // sign-in attempts, for throttling
	// Log records who looked at which record and what they searched.
	Log     registry.EventBatcher
	Review  registry.ReviewStore
	Records registry.RecordStore
	Search  registry.Searcher
	Issue   registry.Issuer
	// Office is the issuing office named on extracts, such as "UBND
	// phường Sài Gòn".
	Office string
	// Lease is how long a task is held by the reviewer who opened it;
	// DefaultLease when zero.
	Lease time.Duration
	// Now returns the current time; time.Now when nil.
	Now func() time.Time
	// Logger receives one line per failed request; discarded when nil.
	Logger *slog.Logger
}

// Server is the review station: an http.Handler serving every page.
type Server struct {
	cfg     Config
	handler http.Handler
	views   *views
	pages   *pageCache
	forms   *fieldSpecs
	refs    *taskRefs
	access  *accessLog
	books   *bookCache
}

// New builds the server from cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Users == nil || cfg.Signin == nil || cfg.Log == nil || cfg.Review == nil || cfg.Records == nil {
		return nil, registry.Errorf(registry.EINVALID, "review server needs a user, sign-in, log, review and record store")
	}
	if cfg.Lease <= 0 {
		cfg.Lease = DefaultLease
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	v, err := parseViews()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, views: v, pages: newPageCache(8), forms: loadFieldSpecs(), refs: newTaskRefs(20000), books: newBookCache()}
	s.access = newAccessLog(cfg.Log, cfg.Now, func(err error) { cfg.Logger.Error("access log", "err", err) })
	s.handler = s.routes()
	return s, nil
}

// Close writes the looks still queued for the log; the server serves no
// more after it.
func (s *Server) Close() { s.access.close() }

// ServeHTTP serves one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// ListenAndServe serves on addr until ctx is cancelled, then shuts down,
// letting requests in flight finish for a few seconds. ready, if not nil,
// is called with the address actually listened on.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return registry.Errorf(registry.EINVALID, "cannot listen on %s: %v", addr, err)
	}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	if ready != nil {
		ready(ln.Addr())
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(sctx)
	if e := <-done; !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	s.Close()
	return err
}
