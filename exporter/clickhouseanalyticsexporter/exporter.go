package clickhouseanalyticsexporter

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumererror"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.uber.org/zap"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

type analyticsExporter struct {
	cfg    *Config
	logger *zap.Logger
	conn   driver.Conn

	// readyMu guards ready: the schema is created on the first successful contact, which may
	// come after start-up when ClickHouse was down then (the queue holds the data meanwhile).
	readyMu sync.Mutex
	ready   bool
	// reapply: a table was found missing (UNKNOWN_TABLE); the next contact re-runs every
	// migration, not only unrecorded ones (see repair.go).
	reapply bool
	// derivedFeedback queues the follow-ups derived from spans (derived_feedback.go); nil
	// outside the factory's traces exporter.
	derivedFeedback consumer.Logs
	// managesRollups: this exporter writes genai_events (the factory's traces exporter), so it
	// creates or drops the per-minute rollup view as its rollups.per_minute says (rollups.go). A
	// feedback-only exporter with another config must not undo it at its start.
	managesRollups bool
	// anomalyWarnOnce: unreadable alert spans are logged once (anomalies.go).
	anomalyWarnOnce sync.Once
	// eventBuffers: column buffers reused by the genai_events batches (column_buffers.go).
	eventBuffers columnBufferPool
	// recordScratch: *[]byte buffers for the plain layout of persistent-queue records, which
	// are compressed into a record of their own (span_rows_encoding.go).
	recordScratch sync.Pool
	// followUpScratch: *[]feedback.Feedback the conversion collects a request's follow-ups in,
	// before copying them to an array of their exact size (span_rows.go).
	followUpScratch sync.Pool
	// eventArrays: the requests' and batches' events arrays, recycled (event_arrays.go).
	eventArrays eventArrays
}

func newAnalyticsExporter(cfg *Config, logger *zap.Logger) *analyticsExporter {
	if logger == nil {
		logger = zap.NewNop()
	}
	return &analyticsExporter{cfg: cfg, logger: logger,
		recordScratch:   sync.Pool{New: func() any { return new([]byte) }},
		followUpScratch: sync.Pool{New: func() any { return new([]feedback.Feedback) }}}
}

// startupContactTimeout bounds how long start waits for ClickHouse to answer before going on
// without it; schemaTimeout bounds the migrations once it answered (DDL of a fresh schema can
// take tens of seconds on a busy server, and a half-applied schema only delays readiness).
const (
	startupContactTimeout = 10 * time.Second
	schemaTimeout         = 3 * time.Minute
)

func (e *analyticsExporter) start(ctx context.Context, host component.Host) error {
	if err := e.open(ctx, host); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, startupContactTimeout)
	defer cancel()
	if err := e.ensureReady(ctx); err != nil {
		// Not fatal: a collector restarted during a ClickHouse outage must still accept and
		// queue data. Every export retries the contact until it succeeds.
		e.logger.Warn("ClickHouse not ready at start-up; exports will be retried until it is", zap.Error(err))
	}
	return nil
}

// open creates the connection pool without contacting ClickHouse: the derived feedback
// exporter starts this way, right after the traces exporter's start made the contact and
// applied the schema (a second blocking contact doubled a slow start); its first push still
// goes through ensureReady.
func (e *analyticsExporter) open(context.Context, component.Host) error {
	conn, err := openConn(e.cfg)
	if err != nil {
		return err
	}
	e.conn = conn
	return nil
}

// ensureReady checks the connection and applies the schema once.
func (e *analyticsExporter) ensureReady(ctx context.Context) error {
	e.readyMu.Lock()
	defer e.readyMu.Unlock()
	if e.ready {
		return nil
	}
	if err := e.conn.Ping(ctx); err != nil {
		return fmt.Errorf("connecting to ClickHouse at %s: %w", e.cfg.Endpoint, err)
	}
	if e.cfg.CreateSchema {
		apply := migrate
		if e.reapply {
			apply = reapplyMigrations
		}
		// The schema step gets its own deadline: the caller's (start-up contact, or one export's
		// timeout) is sized for a ping or an insert, not for a series of DDL statements.
		schemaCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), schemaTimeout)
		defer cancel()
		if err := eachNode(apply)(schemaCtx, e.conn, e.cfg); err != nil {
			return fmt.Errorf("creating schema in %s: %w", e.cfg.Database, err)
		}
		if e.managesRollups {
			rollups := func(ctx context.Context, conn driver.Conn, cfg *Config) error {
				return reconcileRollups(ctx, conn, cfg, e.logger)
			}
			if err := eachNode(rollups)(schemaCtx, e.conn, e.cfg); err != nil {
				return fmt.Errorf("creating schema in %s: %w", e.cfg.Database, err)
			}
		}
	}
	e.ready, e.reapply = true, false
	return nil
}

func (e *analyticsExporter) shutdown(context.Context) error {
	if e.conn == nil {
		return nil
	}
	return e.conn.Close()
}

// openConn builds a native-protocol connection from the endpoint DSN and the explicit
// credentials, which win over any in the DSN.
func openConn(cfg *Config) (driver.Conn, error) {
	opts, err := connOptions(cfg)
	if err != nil {
		return nil, err
	}
	conn, err := clickhouse.Open(opts)
	if err != nil {
		return nil, fmt.Errorf("opening ClickHouse connection: %w", err)
	}
	return conn, nil
}

// insertChunkBytes is how much of an insert the driver encodes before it compresses and writes
// it (its MaxCompressionBuffer, 10 MB by default). The driver keeps that buffer, and the
// compressor's, per pooled connection: with the default a 5k–20k-row batch was encoded whole
// (5–20 MB) and both buffers stayed that big on every connection. The insert is still one
// block and one part; only the stream is written in smaller compressed frames.
const insertChunkBytes = 1 << 20

// connOptions turns the configuration into clickhouse-go options.
func connOptions(cfg *Config) (*clickhouse.Options, error) {
	opts, err := clickhouse.ParseDSN(cfg.Endpoint)
	if err != nil {
		return nil, fmt.Errorf("parsing endpoint: %w", err)
	}
	opts.Protocol = clickhouse.Native
	clusterInsertSettings(cfg, opts)
	if cfg.Username != "" {
		opts.Auth.Username = cfg.Username
	}
	if cfg.Password != "" {
		opts.Auth.Password = string(cfg.Password)
	}
	if tlsCfg := cfg.TLS.Get(); tlsCfg != nil {
		// Explicit TLS settings win over ?secure=true in the DSN.
		tc, err := tlsCfg.LoadTLSConfig(context.Background())
		if err != nil {
			return nil, fmt.Errorf("tls: %w", err)
		}
		opts.TLS = tc
	}
	if opts.MaxCompressionBuffer == 0 { // not set in the DSN
		opts.MaxCompressionBuffer = insertChunkBytes
	}
	switch cfg.Compression {
	case "zstd":
		opts.Compression = &clickhouse.Compression{Method: clickhouse.CompressionZSTD}
	case "none":
		opts.Compression = nil
	default:
		opts.Compression = &clickhouse.Compression{Method: clickhouse.CompressionLZ4}
	}
	return opts, nil
}

// pushTraces converts and writes spans in one step (the pipeline converts on arrival and
// queues rows: see createTraces and span_rows.go).
func (e *analyticsExporter) pushTraces(ctx context.Context, td ptrace.Traces) error {
	rows, err := e.rowsFromTraces(ctx, td)
	if err != nil {
		return err
	}
	return e.pushSpanRows(ctx, rows)
}

// classifyInsertError separates bad data (permanent: retrying cannot help) from transient
// failures (network, overload, too many parts) that the retry sender should retry.
func classifyInsertError(err error) error {
	var exc *clickhouse.Exception
	if errors.As(err, &exc) && permanentCodes[exc.Code] {
		return consumererror.NewPermanent(err)
	}
	return err
}

// permanentCodes are ClickHouse errors caused by the data itself.
var permanentCodes = map[int32]bool{
	6:   true, // CANNOT_PARSE_TEXT
	27:  true, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
	41:  true, // CANNOT_PARSE_DATETIME
	53:  true, // TYPE_MISMATCH
	69:  true, // ARGUMENT_OUT_OF_BOUND
	70:  true, // CANNOT_CONVERT_TYPE
	131: true, // TOO_LARGE_STRING_SIZE
	321: true, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
}
