package analytics_test

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// clickhouse-go keeps no goroutines after Close; anything left is a leak of ours.
	goleak.VerifyTestMain(m)
}
