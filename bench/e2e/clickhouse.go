package main

import (
	"context"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// markerName tags latency marker spans: tenant.id for ours (first column of its ORDER BY) and
// service.name for contrib (first column of otel_traces' ORDER BY), so polls stay cheap.
const markerName = "bench-marker"

// sink knows where a collector kind writes spans in ClickHouse.
type sink struct {
	conn driver.Conn
	db   string
	kind string
}

func openClickHouse(endpoint string) (driver.Conn, error) {
	opts, err := clickhouse.ParseDSN(endpoint)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", endpoint, err)
	}
	conn, err := clickhouse.Open(opts)
	if err != nil {
		return nil, fmt.Errorf("opening ClickHouse: %w", err)
	}
	if err := conn.Ping(context.Background()); err != nil {
		return nil, fmt.Errorf("ClickHouse at %s does not answer: %w", endpoint, err)
	}
	return conn, nil
}

func (s sink) table() string {
	if isOurs(s.kind) {
		return "`" + s.db + "`.genai_events"
	}
	return "`" + s.db + "`.otel_traces"
}

// count is the number of rows written so far (cheap; may include not yet merged duplicates).
func (s sink) count(ctx context.Context) (int64, error) {
	var n uint64
	if err := s.conn.QueryRow(ctx, "SELECT count() FROM "+s.table()).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting rows: %w", err)
	}
	return int64(n), nil
}

// distinctCount is the zero-loss figure: rows after deduplication (FINAL for ours'
// ReplacingMergeTree; distinct trace ids for contrib's MergeTree, one span per trace here).
func (s sink) distinctCount(ctx context.Context) (int64, error) {
	q := "SELECT count() FROM " + s.table() + " FINAL"
	if !isOurs(s.kind) {
		q = "SELECT uniqExact(TraceId) FROM " + s.table()
	}
	var n uint64
	if err := s.conn.QueryRow(ctx, q).Scan(&n); err != nil {
		return 0, fmt.Errorf("counting distinct rows: %w", err)
	}
	return int64(n), nil
}

// markers returns the trace ids (hex) of the marker spans that are selectable now.
func (s sink) markers(ctx context.Context) ([]string, error) {
	q := "SELECT trace_id FROM " + s.table() + " WHERE tenant_id = ?"
	if !isOurs(s.kind) {
		q = "SELECT TraceId FROM " + s.table() + " WHERE ServiceName = ?"
	}
	rows, err := s.conn.Query(ctx, q, markerName)
	if err != nil {
		return nil, fmt.Errorf("polling markers: %w", err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("scanning marker: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// storedBytes is the compressed size on disk of every active part in the run's database
// (all tables: ours also writes rollups, funnel and other derived rows).
func (s sink) storedBytes(ctx context.Context) (int64, error) {
	var n uint64
	err := s.conn.QueryRow(ctx, "SELECT sum(data_compressed_bytes) FROM system.parts WHERE database = ? AND active", s.db).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("reading part sizes: %w", err)
	}
	return int64(n), nil
}

func (s sink) drop(ctx context.Context) error {
	if err := s.conn.Exec(ctx, "DROP DATABASE IF EXISTS `"+s.db+"` SYNC"); err != nil {
		return fmt.Errorf("dropping %s: %w", s.db, err)
	}
	return nil
}

// serverWork is a snapshot of the server-wide counters that explain ClickHouse's CPU per span:
// rows written by inserts (the tables, their materialized views and derived rows), insert
// queries, and rows rewritten by background merges.
type serverWork struct {
	insertedRows, insertQueries, mergedRows uint64
}

func (s sink) serverWork(ctx context.Context) (serverWork, error) {
	rows, err := s.conn.Query(ctx, "SELECT event, value FROM system.events WHERE event IN ('InsertedRows', 'InsertQuery', 'MergedRows')")
	if err != nil {
		return serverWork{}, fmt.Errorf("reading system.events: %w", err)
	}
	defer rows.Close()
	var w serverWork
	for rows.Next() {
		var name string
		var v uint64
		if err := rows.Scan(&name, &v); err != nil {
			return serverWork{}, fmt.Errorf("scanning system.events: %w", err)
		}
		switch name {
		case "InsertedRows":
			w.insertedRows = v
		case "InsertQuery":
			w.insertQueries = v
		case "MergedRows":
			w.mergedRows = v
		}
	}
	return w, rows.Err()
}

// since is the work done between two snapshots.
func (w serverWork) since(before serverWork) serverWork {
	return serverWork{
		insertedRows:  w.insertedRows - before.insertedRows,
		insertQueries: w.insertQueries - before.insertQueries,
		mergedRows:    w.mergedRows - before.mergedRows,
	}
}
