package clickhouseanalyticsexporter

import (
	"context"
	"errors"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"go.uber.org/zap"
)

// codeUnknownTable is ClickHouse's UNKNOWN_TABLE: a table was dropped (or its database
// recreated) under a running collector.
const codeUnknownTable = 60

// withSchemaRepair wraps a push function: when an insert fails because a table is missing and
// the exporter owns the schema, the next attempt re-creates it. The failed batch itself is
// retried by exporterhelper (UNKNOWN_TABLE is not a permanent error), so it lands once the
// table is back instead of being dropped.
func withSchemaRepair[T any](e *analyticsExporter, push func(context.Context, T) error) func(context.Context, T) error {
	return func(ctx context.Context, data T) error {
		err := push(ctx, data)
		if err != nil && e.cfg.CreateSchema && isUnknownTable(err) {
			e.markSchemaLost(err)
		}
		return err
	}
}

func isUnknownTable(err error) bool {
	var exc *clickhouse.Exception
	return errors.As(err, &exc) && exc.Code == codeUnknownTable
}

// markSchemaLost logs once per loss (not per retried batch) and schedules the repair.
func (e *analyticsExporter) markSchemaLost(err error) {
	e.readyMu.Lock()
	defer e.readyMu.Unlock()
	if e.reapply {
		return
	}
	e.ready, e.reapply = false, true
	e.logger.Warn("a ClickHouse table is missing; re-creating the schema before the next retry", zap.Error(err))
}

// reapplyMigrations runs every embedded migration again, recorded or not. Migration
// statements are idempotent (IF NOT EXISTS), so this only re-creates what is missing.
func reapplyMigrations(ctx context.Context, conn driver.Conn, cfg *Config) error {
	p := newSchemaParams(cfg)
	migrations, err := loadMigrations()
	if err != nil {
		return err
	}
	if err := conn.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+p.DB+" "+p.OnCluster()); err != nil {
		return fmt.Errorf("creating database %s: %w", cfg.Database, err)
	}
	for _, m := range migrations {
		stmts, err := m.render(p)
		if err != nil {
			return err
		}
		for _, stmt := range stmts {
			if err := conn.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("re-applying migration %s: %w", m.name, err)
			}
		}
	}
	// schema_migrations may be what was dropped: the normal path records what is missing.
	return migrate(ctx, conn, cfg)
}
