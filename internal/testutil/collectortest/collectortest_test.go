package collectortest

import (
	"fmt"
	"net"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// FreePort hands out distinct, bindable ports below the ephemeral range, never a reserved one.
func TestFreePort(t *testing.T) {
	low, high := portRange()
	seen := map[int]bool{}
	for range 200 {
		port := FreePort(t)
		if port < low || port >= high || reservedPorts[port] {
			t.Fatalf("port %d outside [%d, %d) or reserved", port, low, high)
		}
		if seen[port] {
			t.Fatalf("port %d handed out twice", port)
		}
		seen[port] = true
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			t.Fatalf("port %d is not bindable: %v", port, err)
		}
		_ = l.Close()
	}
}

// A port something listens on is skipped.
func TestFreePortSkipsListeners(t *testing.T) {
	next := FreePort(t) + 1 // the walk's next candidate (unless it wraps or is reserved)
	// Held here, or already held by another process: either way FreePort must pass it over.
	if l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", next)); err == nil {
		defer l.Close()
	}
	if got := FreePort(t); got == next {
		t.Fatalf("FreePort returned %d, which is listened on", got)
	}
}
