package clickhouseanalyticsexporter

import (
	"context"
	"fmt"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// ttlTarget is what a ttl.* setting governs: the table's rows (a table TTL, the same pairs the
// migrations' {{.TTL}} clauses use), or only some of its columns (a column TTL: the values
// return to their default, an empty string for text, once expired), counted from column.
type ttlTarget struct {
	key, table, column string
	columns            []string
}

var ttlTargets = []ttlTarget{
	{key: "events", table: "genai_events", column: "timestamp"},
	{key: "rollups", table: "genai_events_1m", column: "minute"},
	{key: "feedback", table: "genai_feedback", column: "timestamp"},
	{key: "funnel", table: "genai_funnel_events", column: "timestamp"},
	{key: "anomalies", table: "genai_anomalies", column: "window_start"},
	// The raw texts people typed and models answered; no migration renders it.
	{key: "text", table: "genai_events", column: "timestamp", columns: []string{"query", "response"}},
	{key: "text", table: "genai_feedback", column: "timestamp", columns: []string{"comment"}},
}

// reconcileTTLs gives existing tables the configured TTLs. Migrations run once, so a TTL set
// or changed after the tables were created would otherwise never apply. A table or column
// whose TTL is already the configured one is left alone: MODIFY TTL recomputes the TTL of
// every part, too costly to repeat at each start. A setting of 0 leaves the TTL as it is (new
// tables get none); removing one is an ALTER TABLE … REMOVE TTL (or MODIFY COLUMN … REMOVE TTL)
// by hand.
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
		for _, alter := range target.alters(ddl, clause) {
			// Local tables only: a Distributed table holds no rows and takes no TTL.
			stmt := "ALTER TABLE " + p.DB + "." + table + " " + p.OnCluster() + " " + alter
			if err := conn.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("setting ttl.%s on %s: %w", target.key, table, err)
			}
		}
	}
	return nil
}

// alters lists the ALTER TABLE actions that give a table whose DDL is ddl the TTL clause.
func (target ttlTarget) alters(ddl, clause string) []string {
	if len(target.columns) == 0 {
		if strings.Contains(ddl, clause) {
			return nil
		}
		return []string{"MODIFY " + clause}
	}
	var out []string
	for _, column := range target.columns {
		if !strings.Contains(columnDefinition(ddl, column), clause) {
			out = append(out, "MODIFY COLUMN "+column+" "+clause)
		}
	}
	return out
}

// columnDefinition is column's definition in a CREATE TABLE statement as ClickHouse shows it
// ("`query` String CODEC(ZSTD(1)) TTL …"), or "" when it has none.
func columnDefinition(ddl, column string) string {
	start := strings.Index(ddl, "`"+column+"` ")
	if start < 0 {
		return ""
	}
	def := ddl[start:]
	// It ends where the next column, index, projection or constraint starts, or with the list.
	for _, next := range [...]string{", `", ", INDEX ", ", PROJECTION ", ", CONSTRAINT ", ") ENGINE"} {
		if end := strings.Index(def, next); end >= 0 {
			def = def[:end]
		}
	}
	return def
}
