package analyticstest

import (
	"context"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// analysedTables are the tables the analyses read, each created by an exporter migration:
// events, rollups, cohorts and users (0001, 0020–0023), feedback and funnel (0010, 0011),
// alerts (0040).
var analysedTables = []string{
	"genai_events", "genai_events_1m", "genai_cohorts", "genai_cohort_members", "genai_users",
	"genai_feedback", "genai_funnel_events", "genai_anomalies",
}

// MissingTables lists the analysed tables not (yet) in database.
func MissingTables(ctx context.Context, conn driver.Conn, database string) []string {
	var missing []string
	for _, table := range analysedTables {
		var exists uint8
		if err := conn.QueryRow(ctx, "EXISTS TABLE `"+database+"`."+table).Scan(&exists); err != nil || exists != 1 {
			missing = append(missing, table)
		}
	}
	return missing
}
