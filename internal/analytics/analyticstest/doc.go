// Package analyticstest is the synthetic dataset of the analytics correctness tests: a
// deterministic mix of GenAI events (with duplicates and late content-replacement rows),
// feedback, funnel events and alerts for two tenants, the code that writes it to ClickHouse, and
// the expected answer of every analysis computed in plain Go from the dataset — never by the SQL
// under test.
package analyticstest // import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics/analyticstest"
