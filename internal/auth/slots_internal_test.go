package auth

import (
	"testing"
	"time"
)

// A hash waits for a free slot: with every slot taken, a sign-in's
// verification does not start until one is given back.
func TestHashesWaitForASlot(t *testing.T) {
	cheap := Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	h, err := hashWith(cheap, "mật khẩu đúng")
	if err != nil {
		t.Fatal(err)
	}
	for range cap(kdfSlots) {
		kdfSlots <- struct{}{}
	}
	done := make(chan bool)
	go func() { done <- VerifyPassword(h, "mật khẩu đúng") }()
	select {
	case <-done:
		t.Fatal("a hash ran while every slot was taken")
	case <-time.After(200 * time.Millisecond):
	}
	<-kdfSlots
	if !<-done {
		t.Error("the password did not verify once a slot was free")
	}
	for range cap(kdfSlots) - 1 {
		<-kdfSlots
	}
}
