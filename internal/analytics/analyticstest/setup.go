package analyticstest

import (
	"context"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/config/configoptional"
	"go.opentelemetry.io/collector/exporter/exporterhelper"
	"go.opentelemetry.io/collector/exporter/exportertest"
	"go.uber.org/zap/zaptest"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/exporter/clickhouseanalyticsexporter"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

// NewSchema returns a fresh test database with the exporter's real schema (its embedded
// migrations, applied by starting the exporter).
func NewSchema(tb testing.TB, conn driver.Conn) string {
	tb.Helper()
	db := chtest.NewDatabase(tb, conn)
	Migrate(tb, conn, db)
	return db
}

// Migrate applies the exporter's schema to database (created if missing).
func Migrate(tb testing.TB, conn driver.Conn, db string) {
	tb.Helper()
	factory := clickhouseanalyticsexporter.NewFactory()
	cfg := factory.CreateDefaultConfig().(*clickhouseanalyticsexporter.Config)
	cfg.Endpoint = chtest.Endpoint(tb)
	cfg.Database = db
	cfg.QueueSettings = configoptional.None[exporterhelper.QueueBatchConfig]()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	set := exportertest.NewNopSettings(component.MustNewType("clickhouseanalytics"))
	set.Logger = zaptest.NewLogger(tb) // the exporter logs (not returns) schema errors at start
	exp, err := factory.CreateTraces(ctx, set, cfg)
	if err != nil {
		tb.Fatalf("creating exporter: %v", err)
	}
	if err := exp.Start(ctx, componenttest.NewNopHost()); err != nil {
		tb.Fatalf("migrating schema: %v", err)
	}
	if err := exp.Shutdown(ctx); err != nil {
		tb.Fatalf("stopping exporter: %v", err)
	}
	if missing := MissingTables(ctx, conn, db); len(missing) > 0 {
		tb.Fatalf("schema incomplete: tables %v missing (see the exporter's start-up log above)", missing)
	}
}
