package clickhouseanalyticsexporter

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/loadgen"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/processor/genaianalyticsprocessor"
)

// BenchmarkPushTraces measures pushTraces (span → event conversion plus one native batch
// insert) into the real ClickHouse of CLICKHOUSE_TEST_ENDPOINT, per batch size. Spans come
// from internal/loadgen and go through the genaianalytics processor first, so the exporter
// sees the canonical attributes it sees in production.
func BenchmarkPushTraces(b *testing.B) {
	cases := []struct {
		size        int
		compression string // "" = the default (lz4)
	}{{1_000, ""}, {10_000, ""}, {50_000, ""}, {10_000, "none"}, {10_000, "zstd"}}
	for _, c := range cases {
		name := fmt.Sprintf("batch=%d", c.size)
		if c.compression != "" {
			name += "/compression=" + c.compression
		}
		b.Run(name, func(b *testing.B) {
			exp := newBenchExporter(b, c.compression)
			td := processedSpans(b, c.size)
			ctx := context.Background()
			var cpu time.Duration // exporter-side CPU only; the ClickHouse server's is not in it
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				// Fresh event ids per iteration: an identical batch would carry the same
				// deduplication token and ClickHouse would silently skip the insert.
				b.StopTimer()
				renumber(td, uint32(i))
				b.StartTimer()
				cpu0 := processCPU(b)
				if err := exp.pushTraces(ctx, td); err != nil {
					b.Fatal(err)
				}
				cpu += processCPU(b) - cpu0
			}
			b.ReportMetric(float64(c.size)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(c.size*b.N), "ns/row")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(c.size*b.N), "cpu-ns/row")
		})
	}
}

// BenchmarkEventsFromTraces isolates the span → event conversion (no ClickHouse).
func BenchmarkEventsFromTraces(b *testing.B) {
	td := processedSpans(b, 1_000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if len(eventsFromTraces(td)) != 1_000 {
			b.Fatal("lost events")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(1_000*b.N), "ns/row")
}

// newBenchExporter starts an exporter with the default settings (and the given compression,
// unless empty) on a fresh database.
func newBenchExporter(b *testing.B, compression string) *analyticsExporter {
	b.Helper()
	conn := chtest.Conn(b)
	cfg := createDefaultConfig()
	if compression != "" {
		cfg.Compression = compression
	}
	cfg.Endpoint = chtest.Endpoint(b)
	cfg.Database = chtest.NewDatabase(b, conn)
	exp := newAnalyticsExporter(cfg, nil)
	require.NoError(b, exp.start(context.Background(), componenttest.NewNopHost()))
	b.Cleanup(func() { _ = exp.shutdown(context.Background()) })
	return exp
}

// processedSpans returns n loadgen GenAI spans after the genaianalytics processor.
func processedSpans(b *testing.B, n int) ptrace.Traces {
	b.Helper()
	opts := loadgen.DefaultOptions()
	opts.SpansPerRequest = n
	gen, err := loadgen.New(opts)
	require.NoError(b, err)

	factory := genaianalyticsprocessor.NewFactory()
	sink := new(consumertest.TracesSink)
	proc, err := factory.CreateTraces(context.Background(), processortest.NewNopSettings(factory.Type()),
		factory.CreateDefaultConfig(), sink)
	require.NoError(b, err)
	require.NoError(b, proc.Start(context.Background(), componenttest.NewNopHost()))
	defer func() { require.NoError(b, proc.Shutdown(context.Background())) }()
	require.NoError(b, proc.ConsumeTraces(context.Background(), gen.NextBatch()))
	out := sink.AllTraces()
	require.Len(b, out, 1)
	require.Equal(b, n, out[0].SpanCount())
	return out[0]
}

// renumber gives every span a new span id (seeded by round) and the matching event id.
func renumber(td ptrace.Traces, round uint32) {
	var seq uint32
	rss := td.ResourceSpans()
	for i := range rss.Len() {
		sss := rss.At(i).ScopeSpans()
		for j := range sss.Len() {
			spans := sss.At(j).Spans()
			for k := range spans.Len() {
				s := spans.At(k)
				seq++
				id := pcommon.SpanID{byte(round >> 24), byte(round >> 16), byte(round >> 8), byte(round),
					byte(seq >> 24), byte(seq >> 16), byte(seq >> 8), byte(seq)}
				s.SetSpanID(id)
				if _, ok := s.Attributes().Get(genai.KeyEventID); ok {
					s.Attributes().PutStr(genai.KeyEventID, genai.EventIDFor(s.TraceID(), id).String())
				}
			}
		}
	}
}

// BenchmarkEncodeEvents compares the driver-side encoding of one 10k-row genai_events batch:
// per-row batch.Append (the previous implementation, kept here as the baseline) against the
// per-column appends insertEvents uses. The batch is aborted, not sent: this is client CPU only.
func BenchmarkEncodeEvents(b *testing.B) {
	exp := newBenchExporter(b, "")
	events := eventsFromTraces(processedSpans(b, 10_000))
	query := "INSERT INTO " + quoteIdent(exp.cfg.Database) + ".genai_events (" + eventColumnNames() + ")"
	for _, mode := range []struct {
		name   string
		encode func(batch driver.Batch, events []genai.Event) error
	}{{"rows", appendEventRows}, {"columns", appendEventColumns}} {
		b.Run(mode.name, func(b *testing.B) {
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				prepared, err := exp.conn.PrepareBatch(ctx, query)
				require.NoError(b, err)
				batch := exp.eventBuffers.lend(prepared) // as insertEvents does
				b.StartTimer()
				if err := mode.encode(batch, events); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				require.NoError(b, batch.Abort())
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(len(events)*b.N), "ns/row")
		})
	}
}

// appendEventRows is the per-row encoding insertEvents used before the columnar appends.
func appendEventRows(batch driver.Batch, events []genai.Event) error {
	for i := range events {
		ev := &events[i]
		var temperature *float32
		if ev.Temperature != nil {
			t := float32(*ev.Temperature)
			temperature = &t
		}
		flags := ev.AnomalyFlags
		if flags == nil {
			flags = []string{}
		}
		if err := batch.Append(
			ev.EventID, ev.Timestamp, ev.TenantID, ev.UserID, ev.SessionID, ev.TraceID, ev.SpanID,
			ev.ServiceName, ev.Operation, ev.Provider, ev.RequestModel, ev.ResponseModel, temperature,
			ev.InputTokens, ev.OutputTokens, ev.CacheReadTokens, ev.CacheWriteTokens, ev.ReasoningTokens,
			ev.CostUSD, ev.CostSource, ev.LatencyMs, ev.Query, ev.QueryFingerprint, ev.Response, ev.ResponseID,
			ev.ResponseLength, ev.FinishReason, ev.Error, ev.ErrorType, ev.ZeroResult, ev.ZeroResultReason,
			ev.QueryCategory, ev.UserSource, ev.FeatureVersion, ev.UserSegment, ev.Geography, flags,
			ev.OtherAttributes.Map(),
		); err != nil {
			return err
		}
	}
	return nil
}

// processCPU is the user+system CPU time of this process so far: unlike wall time it does not
// grow when other processes compete for the cores, and it excludes the ClickHouse server.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// eventsFromTraces is the GenAI events of td, for the benchmarks that insert them directly.
func eventsFromTraces(td ptrace.Traces) []genai.Event {
	events := make([]genai.Event, 0, td.SpanCount())
	for resource, span := range genai.Spans(td) {
		if ev, ok := genai.EventFromSpan(span, resource); ok {
			events = append(events, ev)
		}
	}
	return events
}

// BenchmarkInsertFeedback measures the genai_feedback insert of the derived follow-ups (~30 %
// of a traces batch's size in rows): exporter-side CPU per row, into the real ClickHouse.
func BenchmarkInsertFeedback(b *testing.B) {
	const size = 3_000
	exp := newBenchExporter(b, "")
	ctx := context.Background()
	var cpu time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		b.StopTimer()
		rows := make([]feedback.Feedback, size)
		for j := range rows {
			rating := uint8(j%5 + 1)
			rows[j] = feedback.Feedback{
				EventID: fmt.Sprintf("fb-%d-%d", i, j), Timestamp: time.Unix(1764201600, int64(j)).UTC(),
				TenantID: "acme", UserID: fmt.Sprintf("u-%d", j%97), SessionID: fmt.Sprintf("s-%d", j%301),
				ResponseID: fmt.Sprintf("chatcmpl-%d", j), TraceID: fmt.Sprintf("%032x", j), SpanID: fmt.Sprintf("%016x", j),
				Type: feedback.TypeFollowUp, Rating: &rating, Source: "implicit",
				Metadata: map[string]string{"gap_ms": "30000"},
			}
		}
		b.StartTimer()
		cpu0 := processCPU(b)
		if err := exp.insertFeedback(ctx, rows); err != nil {
			b.Fatal(err)
		}
		cpu += processCPU(b) - cpu0
	}
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(size*b.N), "cpu-ns/row")
}
