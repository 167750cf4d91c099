package clickhouseanalyticsexporter

import (
	"context"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"go.uber.org/zap"
)

// The per-minute rollup genai_events_1m (migration 0020) is filled by a materialized view that
// runs inside every genai_events insert. No analytics endpoint reads it (they need FINAL's exact
// answers), and the view costs the server about a fifth of its ingest CPU (BENCHMARKS.md), so it
// exists only when rollups.per_minute asks for it.

const (
	perMinuteRollupView      = "genai_events_1m_mv"
	perMinuteRollupMigration = 20 // creates the table and the view
)

// reconcileRollups creates or drops the view filling genai_events_1m as cfg says, after the
// migrations (which create it): the table and its rows stay either way. Enabling it later fills
// the rollup from then on; nothing is backfilled.
func reconcileRollups(ctx context.Context, conn driver.Conn, cfg *Config, logger *zap.Logger) error {
	p := newSchemaParams(cfg)
	var exists uint8
	if err := conn.QueryRow(ctx, "SELECT count() > 0 FROM system.tables WHERE database = ? AND name = ?",
		p.database, perMinuteRollupView).Scan(&exists); err != nil {
		return fmt.Errorf("looking for %s: %w", perMinuteRollupView, err)
	}
	switch want := cfg.Rollups.PerMinute; {
	case want && exists == 0:
		stmts, err := perMinuteViewStatements(p)
		if err != nil {
			return err
		}
		for _, stmt := range stmts {
			if err := conn.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("creating %s (rollups.per_minute): %w", perMinuteRollupView, err)
			}
		}
		logger.Info("Per-minute rollup on: genai_events_1m is filled from now on (no backfill)",
			zap.String("database", cfg.Database))
	case !want && exists == 1:
		stmt := "DROP VIEW IF EXISTS " + p.DB + "." + perMinuteRollupView + " " + p.OnCluster()
		if err := conn.Exec(ctx, stmt); err != nil {
			return fmt.Errorf("dropping %s (rollups.per_minute is off): %w", perMinuteRollupView, err)
		}
		logger.Info("Per-minute rollup off (rollups.per_minute: false): dropped the view filling genai_events_1m; its rows are kept",
			zap.String("database", cfg.Database))
	}
	return nil
}

// perMinuteViewStatements renders the CREATE MATERIALIZED VIEW of migration 0020 for this
// schema (single node or cluster), so the view is always the one the migration defines.
func perMinuteViewStatements(p schemaParams) ([]string, error) {
	migrations, err := loadMigrations()
	if err != nil {
		return nil, err
	}
	for _, m := range migrations {
		if m.version != perMinuteRollupMigration {
			continue
		}
		stmts, err := m.render(p)
		if err != nil {
			return nil, err
		}
		var views []string
		for _, stmt := range stmts {
			if stmtMatViewRE.MatchString(stmt) {
				views = append(views, stmt)
			}
		}
		if len(views) != 1 {
			return nil, fmt.Errorf("migration %s: want one materialized view, found %d", m.name, len(views))
		}
		return views, nil
	}
	return nil, fmt.Errorf("migration %d (per-minute rollup) not embedded", perMinuteRollupMigration)
}
