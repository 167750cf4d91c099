package clickhouseanalyticsexporter

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// TestDroppedTableIsRecreatedAndBatchRetried drops a table under a running exporter: the
// failing batch must be retryable (not dropped as permanent), and the retry must re-create
// the table and land the rows once.
func TestDroppedTableIsRecreatedAndBatchRetried(t *testing.T) {
	tests := []struct {
		name string
		drop []string
	}{
		{name: "events table", drop: []string{"genai_events"}},
		{name: "events table and migration record", drop: []string{"genai_events", "schema_migrations"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exp, db := newTestExporter(t)
			ctx := context.Background()
			for _, tbl := range tt.drop {
				require.NoError(t, exp.conn.Exec(ctx, "DROP TABLE "+quoteIdent(db)+"."+quoteIdent(tbl)+" SYNC"))
			}
			td := ptrace.NewTraces()
			ss := td.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty()
			for i := byte(1); i <= 3; i++ {
				analyticsSpan(ss, i, "acme", "gpt-4o-mini", 10, 10, 0.001)
			}
			push := withSchemaRepair(exp, exp.pushTraces)

			err := push(ctx, td)
			require.Error(t, err, "the table is gone: the first attempt must fail")
			assert.True(t, isUnknownTable(err), "want UNKNOWN_TABLE, got %v", err)
			assert.False(t, consumererror.IsPermanent(err), "a missing table must be retried, not dropped")

			require.NoError(t, push(ctx, td), "the retry re-creates the schema and inserts")
			require.NoError(t, push(ctx, td), "a replay is deduplicated, not an error")
			var rows, distinct uint64
			require.NoError(t, exp.conn.QueryRow(ctx, "SELECT count(), uniqExact(event_id) FROM "+quoteIdent(db)+".genai_events FINAL").Scan(&rows, &distinct))
			assert.Equal(t, uint64(3), rows)
			assert.Equal(t, uint64(3), distinct)
		})
	}
}
