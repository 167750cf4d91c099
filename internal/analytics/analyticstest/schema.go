package analyticstest

import (
	"context"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// interimTables are the tables of other components (feedback/funnel: issue 4, alerts: issue 6)
// with their agreed columns. CreateMissingTables creates one only while its owner's migration
// has not landed: once the exporter creates the table, the real one is used.
var interimTables = map[string]string{
	"genai_feedback": `(event_id String, timestamp DateTime64(6, 'UTC'), tenant_id LowCardinality(String),
		user_id String, session_id String, response_id String, trace_id String, span_id String,
		type LowCardinality(String), rating Nullable(UInt8), score Nullable(Float64), comment String,
		source LowCardinality(String), metadata Map(String, String))
		ENGINE = ReplacingMergeTree ORDER BY (tenant_id, toStartOfHour(timestamp), event_id)`,
	"genai_funnel_events": `(event_id String, timestamp DateTime64(6, 'UTC'), tenant_id LowCardinality(String),
		user_id String, session_id String, stage LowCardinality(String), details Map(String, String))
		ENGINE = ReplacingMergeTree ORDER BY (tenant_id, toStartOfHour(timestamp), event_id)`,
	"genai_anomalies": `(alert_id String, timestamp DateTime64(6, 'UTC'), tenant_id LowCardinality(String),
		provider LowCardinality(String), model LowCardinality(String), type LowCardinality(String),
		severity LowCardinality(String), metric String, expected_value Float64, actual_value Float64,
		description String, window_start DateTime64(6, 'UTC'), window_end DateTime64(6, 'UTC'),
		resolved_at Nullable(DateTime64(6, 'UTC')))
		ENGINE = ReplacingMergeTree ORDER BY (tenant_id, alert_id)`,
}

// CreateMissingTables creates the interim tables whose migrations are not there yet and
// returns their names (tests log them: they depend on the interim definition).
func CreateMissingTables(ctx context.Context, conn driver.Conn, database string) ([]string, error) {
	var created []string
	for _, name := range []string{"genai_feedback", "genai_funnel_events", "genai_anomalies"} {
		var exists uint8
		if err := conn.QueryRow(ctx, "EXISTS TABLE `"+database+"`."+name).Scan(&exists); err != nil {
			return nil, fmt.Errorf("checking %s: %w", name, err)
		}
		if exists == 1 {
			continue
		}
		if err := conn.Exec(ctx, "CREATE TABLE `"+database+"`."+name+" "+interimTables[name]); err != nil {
			return nil, fmt.Errorf("creating interim %s: %w", name, err)
		}
		created = append(created, name)
	}
	return created, nil
}
