package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/civreg/civreg/internal/sqlite"
	"github.com/civreg/civreg/registry"
)

func TestDuplicatesCommand(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "civreg.db")
	db, err := sqlite.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	b := &registry.Batch{Office: "UBND phường Bến Nghé", Book: "01/2009"}
	if err := db.CreateBatch(ctx, b); err != nil {
		t.Fatal(err)
	}
	for i, note := range []string{"", "ĐĂNG KÝ LẠI", ""} {
		name := "Phạm Thị Mai"
		if i == 2 {
			name = "Phạm Thị Hoa"
		}
		r := &registry.PageResult{
			Page: registry.Page{BatchID: b.ID, SHA256: fmt.Sprintf("%x", sha256.Sum256([]byte{byte(i)})), File: fmt.Sprintf("p%d.png", i)},
			Record: &registry.Record{Kind: registry.Birth, Era: registry.EraB, Page: i + 1, Fields: map[string]*registry.Field{
				"nksHoTen":    {Value: name, Confidence: 0.9, Status: registry.FieldAuto},
				"nksNgaySinh": {Value: "2010-10-10", Confidence: 0.9, Status: registry.FieldAuto},
				"ghiChu":      {Value: note, Confidence: 0.9, Status: registry.FieldAuto},
			}},
		}
		if err := db.SavePage(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	hash, err := lanHash()
	if err != nil {
		t.Fatal(err)
	}
	for name, role := range map[string]registry.Role{"lan": registry.RoleSupervisor, "minh": registry.RoleSupervisor, "hai": registry.RoleReviewer} {
		if err := db.CreateUser(ctx, &registry.User{Name: name, Role: role, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	out, errOut, code := run(t, "--db", path, "duplicates", "scan")
	if code != 0 || !strings.Contains(out, "3 record(s) keyed, 1 pair(s) newly flagged, 1 open") {
		t.Fatalf("duplicates scan: exit %d\n%s%s", code, out, errOut)
	}
	out, _, code = run(t, "--db", path, "duplicates", "list", "--status", "open")
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, "một bản ghi là đăng ký lại") {
		t.Fatalf("duplicates list: exit %d\n%s", code, out)
	}
	id := strings.Fields(out)[0]

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"link", id}, exitUsage, "--by"},
		// Before issue 22 a reviewer's --by was enough, with no password.
		{[]string{"link", id, "--by", "hai"}, exitFailure, "only a supervisor"},
		{[]string{"link", id, "--by", "minh", "--password-stdin"}, exitFailure, "wrong user name or password"},
		{[]string{"link", "x", "--by", "lan"}, exitUsage, "not a duplicate id"},
		{[]string{"link", "999", "--by", "lan"}, exitNotFound, "not found"},
		{[]string{"link", id, "--by", "lan", "--note", "cùng một người"}, exitOK, "linked by lan"},
		{[]string{"dismiss", id, "--by", "minh"}, exitConflict, "linked by lan already"},
		{[]string{"list", "--status", "maybe"}, exitUsage, "unknown duplicate status"},
	} {
		stdin := lanPw
		if tc.args[len(tc.args)-1] == "--password-stdin" {
			stdin = "sai mật khẩu\n"
		}
		args := append([]string{"--db", path, "duplicates"}, tc.args...)
		if tc.args[0] != "list" && !strings.Contains(strings.Join(args, " "), "--password-stdin") {
			args = append(args, "--password-stdin")
		}
		out, errOut, code := runIn(t, stdin, args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("duplicates %v: exit %d, want %d saying %q\n%s%s", tc.args, code, tc.code, tc.want, out, errOut)
		}
	}
	out, _, _ = run(t, "--db", path, "duplicates", "list", "--status", "linked")
	if !strings.Contains(out, "lan") || !strings.Contains(out, "cùng một người") {
		t.Errorf("linked list does not show the decision:\n%s", out)
	}
	if _, _, code := run(t, "--db", filepath.Join(t.TempDir(), "none.db"), "duplicates", "scan"); code != exitNotFound {
		t.Errorf("scan of a missing store: exit %d, want %d", code, exitNotFound)
	}
}
