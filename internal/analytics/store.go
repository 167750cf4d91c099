package analytics

import (
	"context"
	"fmt"
	"maps"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Store runs the analyses against one ClickHouse database.
type Store struct {
	conn   driver.Conn
	db     string
	prices PriceBook
}

// NewStore returns a Store reading database (an identifier validated by the caller's config)
// over conn. prices may be nil: cost recommendations then answer an error.
func NewStore(conn driver.Conn, database string, prices PriceBook) *Store {
	return &Store{conn: conn, db: "`" + database + "`", prices: prices}
}

// sql puts the database name into a query template ({{db}}).
func (s *Store) sql(tmpl string) string { return strings.ReplaceAll(tmpl, "{{db}}", s.db) }

// withParams returns a context carrying the filter's parameters plus extra ones.
func withParams(ctx context.Context, f Filter, extra clickhouse.Parameters) context.Context {
	p := f.params()
	maps.Copy(p, extra)
	return clickhouse.Context(ctx, clickhouse.WithParameters(p), clickhouse.WithSettings(readSettings()))
}

// readSettings apply to every analysis. genai_events is partitioned by day and all versions of
// an event share its timestamp, so FINAL never needs to merge across partitions: exact, and
// lets ClickHouse process partitions in parallel and skip merging where a day is one part.
func readSettings() clickhouse.Settings {
	return clickhouse.Settings{"do_not_merge_across_partitions_select_final": 1}
}

// query runs a templated query and calls scan for every row.
func (s *Store) query(ctx context.Context, what string, f Filter, extra clickhouse.Parameters, tmpl string, scan func(driver.Rows) error) error {
	rows, err := s.conn.Query(withParams(ctx, f, extra), s.sql(tmpl))
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("%s: reading row: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
