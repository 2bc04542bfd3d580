// Package pgtest starts a real PostgreSQL server for a test: initdb in a
// temporary directory, as an unprivileged user when the test runs as root
// (initdb and postgres refuse root), listening on a Unix socket in that
// directory only, so that no port is taken and no other process can reach
// it, and stopped when the test ends. Each store under test gets a
// database of its own on that server.
//
// When the PostgreSQL binaries are not installed the test is skipped, or
// fails when the environment variable CI is set: CI must run it.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the admin connection that creates databases
)

// Password is the superuser's password on a test server; the server asks
// for it (scram-sha-256), so that a test can try a wrong one.
const Password = "civreg-test-password"

// User is the server's superuser.
const User = "civreg"

// Server is a running test server.
type Server struct {
	dir    string // the socket directory
	bin    string
	cred   *syscall.Credential
	admin  *sql.DB
	serial atomic.Int64
}

// Start starts a server for t, stopped and removed when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	if _, err := binDir(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL is needed in CI: %v (run .ci/install-deps)", err)
		}
		t.Skipf("PostgreSQL not installed: %v", err)
	}
	// Not t.TempDir: its parent is private to root, and the server runs as
	// another user. The path stays short: a socket path is at most 107
	// bytes.
	dir, err := os.MkdirTemp("", "civreg-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// fsync off: a test server that crashes is thrown away anyway.
	s, err := Launch(dir, "fsync=off", "synchronous_commit=off", "full_page_writes=off")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Stop(); err != nil {
			t.Errorf("stopping the test server: %v", err)
		}
	})
	return s
}

// Launch initialises a server in dir (which must exist and be empty, with
// a short path) and starts it with the given settings (name=value) on a
// Unix socket in dir only. Stop stops it; dir is the caller's to remove.
// Outside tests it serves a bench that measures a real server.
func Launch(dir string, settings ...string) (*Server, error) {
	bin, err := binDir()
	if err != nil {
		return nil, err
	}
	cred, err := serverUser()
	if err != nil {
		return nil, err
	}
	if err := prepareDir(dir, cred); err != nil {
		return nil, err
	}
	s := &Server{dir: dir, bin: bin, cred: cred}
	data, pwfile := filepath.Join(dir, "data"), filepath.Join(dir, "pw")
	if err := os.WriteFile(pwfile, []byte(Password+"\n"), 0o644); err != nil {
		return nil, err
	}
	if err := s.run(cred, "initdb", "-D", data, "-U", User, "--pwfile", pwfile, "--auth", "scram-sha-256",
		"--encoding", "UTF8", "--locale", "C", "--no-sync"); err != nil {
		return nil, err
	}
	opts := fmt.Sprintf("-k %s -c listen_addresses='' -c max_connections=100", dir)
	for _, kv := range settings {
		opts += " -c " + kv
	}
	if err := s.run(cred, "pg_ctl", "start", "-w", "-D", data, "-l", filepath.Join(dir, "log"), "-o", opts); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "log"))
		return nil, fmt.Errorf("%v\n%s", err, log)
	}
	if s.admin, err = sql.Open("pgx", s.URL("postgres")); err != nil {
		s.Stop()
		return nil, err
	}
	return s, nil
}

// Stop stops the server.
func (s *Server) Stop() error {
	if s.admin != nil {
		s.admin.Close()
	}
	return s.run(s.cred, "pg_ctl", "stop", "-D", filepath.Join(s.dir, "data"), "-m", "fast", "-w")
}

// CreateDatabase creates an empty database and returns its URL.
func (s *Server) CreateDatabase(name string) (string, error) {
	if _, err := s.admin.Exec(`CREATE DATABASE ` + name); err != nil {
		return "", err
	}
	return s.URL(name), nil
}

// URL returns the connection URL of database name on the server.
func (s *Server) URL(name string) string {
	return s.URLWithPassword(name, Password)
}

// URLWithPassword is URL with another password, to test a wrong one.
func (s *Server) URLWithPassword(name, password string) string {
	u := url.URL{Scheme: "postgres", User: url.UserPassword(User, password), Path: "/" + name, RawQuery: "host=" + url.QueryEscape(s.dir)}
	return u.String()
}

// NewDatabase creates an empty database, dropped when t ends, and returns
// its URL.
func (s *Server) NewDatabase(t testing.TB) string {
	t.Helper()
	b := make([]byte, 4)
	rand.Read(b)
	name := fmt.Sprintf("t%d_%s", s.serial.Add(1), hex.EncodeToString(b))
	ctx := context.Background()
	if _, err := s.admin.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := s.admin.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`); err != nil {
			t.Errorf("dropping %s: %v", name, err)
		}
	})
	return s.URL(name)
}

// run runs one of the server's programs as cred's user.
func (s *Server) run(cred *syscall.Credential, prog string, args ...string) error {
	cmd := exec.Command(filepath.Join(s.bin, prog), args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%s: %v: %s", prog, err, out)
	}
	return nil
}

// binDir finds the directory of initdb and pg_ctl: on PATH, or in
// Debian's /usr/lib/postgresql/N/bin, the newest N first.
func binDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if _, err := os.Stat(filepath.Join(dir, "pg_ctl")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("no initdb on PATH nor in /usr/lib/postgresql/*/bin")
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

// serverUser returns the credentials to run the server with: none when the
// test is not root, else those of "nobody", which every Debian system has.
func serverUser() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("nobody")
	if err != nil {
		return nil, fmt.Errorf("running as root, and no user nobody to run PostgreSQL as: %v", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// prepareDir lets the server's user write in dir.
func prepareDir(dir string, cred *syscall.Credential) error {
	if cred == nil {
		return nil
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	return os.Chown(dir, int(cred.Uid), int(cred.Gid))
}
