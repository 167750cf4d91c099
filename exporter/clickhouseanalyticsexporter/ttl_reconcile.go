package clickhouseanalyticsexporter

import (
	"context"
	"fmt"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// ttlTargets are the tables a ttl.* setting governs and the column its TTL counts from (the
// same pairs the migrations' {{.TTL}} clauses use).
var ttlTargets = []struct{ key, table, column string }{
	{"events", "genai_events", "timestamp"},
	{"rollups", "genai_events_1m", "minute"},
	{"feedback", "genai_feedback", "timestamp"},
	{"funnel", "genai_funnel_events", "timestamp"},
	{"anomalies", "genai_anomalies", "window_start"},
}

// reconcileTTLs gives existing tables the configured TTLs. Migrations run once, so a TTL set
// or changed after the tables were created would otherwise never apply. A table whose TTL is
// already the configured one is left alone: MODIFY TTL recomputes the TTL of every part, too
// costly to repeat at each start. A setting of 0 leaves the table's TTL as it is (new tables
// get none); removing a TTL is an ALTER TABLE … REMOVE TTL by hand.
func reconcileTTLs(ctx context.Context, conn driver.Conn, p schemaParams) error {
	for _, target := range ttlTargets {
		clause := p.TTL(target.key, target.column)
		if clause == "" {
			continue
		}
		table := target.table
		if p.cluster != "" {
			table += localSuffix // the rows (and their TTL) live in the local tables
		}
		var ddl string
		if err := conn.QueryRow(ctx, "SELECT create_table_query FROM system.tables WHERE database = ? AND name = ?",
			p.database, table).Scan(&ddl); err != nil {
			return fmt.Errorf("reading the TTL of %s: %w", table, err)
		}
		if strings.Contains(ddl, clause) {
			continue
		}
		stmts := []string{"ALTER TABLE " + p.DB + "." + target.table + " " + p.OnCluster() + " MODIFY " + clause}
		if p.cluster != "" {
			stmts = p.clusterize(stmts)
		}
		for _, stmt := range stmts {
			if err := conn.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("setting ttl.%s on %s: %w", target.key, target.table, err)
			}
		}
	}
	return nil
}
