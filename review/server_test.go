package review_test

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/civreg/civreg/review"
)

func TestListenAndServeStopsOnCancel(t *testing.T) {
	db := openStore(t)
	s, err := review.New(review.Config{Users: db, Signin: db, Log: db, Review: db, Records: db})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- s.ListenAndServe(ctx, "127.0.0.1:0", func(a net.Addr) { addr <- a }) }()
	a := <-addr
	res, err := http.Get("http://" + a.String() + "/login")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET /login = %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("ListenAndServe after cancel = %v, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("ListenAndServe did not return after its context was cancelled")
	}
}

func TestNewNeedsStores(t *testing.T) {
	if _, err := review.New(review.Config{}); err == nil {
		t.Error("New without stores succeeded")
	}
}
