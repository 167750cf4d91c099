//go:build faults

package faults

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/google/uuid"
)

// storeReport is what ClickHouse holds for one scenario.
type storeReport struct {
	rawRows       uint64 // rows before merge (replays not yet collapsed included)
	rawDuplicates uint64 // rawRows minus distinct event ids
	finalRows     uint64 // rows under FINAL
	missing       int    // expected ids absent under FINAL
	doubled       int    // ids present more than once under FINAL
	unexpected    int    // ids nobody sent
}

func (s storeReport) String() string {
	return fmt.Sprintf("stored_final=%d raw_rows=%d raw_duplicates=%d missing=%d doubled=%d unexpected=%d",
		s.finalRows, s.rawRows, s.rawDuplicates, s.missing, s.doubled, s.unexpected)
}

func table(db, name string) string { return "`" + db + "`.`" + name + "`" }

// countDistinct is the number of distinct event ids stored with a timestamp before t (all
// when t is zero).
func countDistinct(ctx context.Context, conn driver.Conn, db string, before time.Time) (uint64, error) {
	q := "SELECT uniqExact(event_id) FROM " + table(db, "genai_events")
	var args []any
	if !before.IsZero() {
		q += " WHERE timestamp < ?"
		args = append(args, before)
	}
	var n uint64
	err := conn.QueryRow(ctx, q, args...).Scan(&n)
	return n, err
}

// waitStored polls until n distinct event ids (started before t, or all when t is zero) are
// stored, and returns when that happened.
func waitStored(t *testing.T, ch *chInstance, conn driver.Conn, db string, before time.Time, n int, timeout time.Duration) time.Time {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var got uint64
	var lastErr error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		got, lastErr = countDistinct(ctx, conn, db, before)
		cancel()
		if lastErr == nil && got >= uint64(n) {
			return time.Now()
		}
		if lastErr != nil {
			if err := ch.gone(); err != nil {
				t.Fatal(err)
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("after %s: %d of %d expected event ids stored (last error: %v)", timeout, got, n, lastErr)
	return time.Time{}
}

// verifyExactlyOnce compares the stored event ids with the expected ones.
func verifyExactlyOnce(t *testing.T, conn driver.Conn, db string, expected map[uuid.UUID]time.Time) storeReport {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var rep storeReport
	var distinct uint64
	if err := conn.QueryRow(ctx, "SELECT count(), uniqExact(event_id) FROM "+table(db, "genai_events")).Scan(&rep.rawRows, &distinct); err != nil {
		t.Fatalf("counting raw rows: %v", err)
	}
	rep.rawDuplicates = rep.rawRows - distinct

	rows, err := conn.Query(ctx, "SELECT event_id, count() FROM "+table(db, "genai_events")+" FINAL GROUP BY event_id")
	if err != nil {
		t.Fatalf("reading event ids under FINAL: %v", err)
	}
	defer rows.Close()
	seen := make(map[uuid.UUID]bool, len(expected))
	for rows.Next() {
		var id uuid.UUID
		var n uint64
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatalf("scanning event ids: %v", err)
		}
		rep.finalRows += n
		seen[id] = true
		if n > 1 {
			rep.doubled++
		}
		if _, ok := expected[id]; !ok {
			rep.unexpected++
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("reading event ids: %v", err)
	}
	for id := range expected {
		if !seen[id] {
			rep.missing++
		}
	}
	return rep
}
