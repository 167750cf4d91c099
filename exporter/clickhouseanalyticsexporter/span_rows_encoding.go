package clickhouseanalyticsexporter

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"fmt"

	"go.opentelemetry.io/collector/exporter/exporterhelper/xexporterhelper"
	"go.opentelemetry.io/collector/pdata/ptrace"
	pdatarequest "go.opentelemetry.io/collector/pdata/xpdata/request"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// spanRowsMagic starts every queue record of this format. A record without it was written by
// an earlier version, which queued the spans themselves (OTLP protobuf): those are converted
// on the way out, so an upgrade with a non-empty persistent queue loses nothing.
var spanRowsMagic = []byte("AIAROWS1")

// spanRowsEncoding stores spanRows in the persistent (file_storage) queue.
type spanRowsEncoding struct {
	exp *analyticsExporter
}

// spanRowsRecord is the serialized form; gob keeps it readable across added fields.
type spanRowsRecord struct {
	Events   []genai.Event
	Alerts   []anomaly.Alert
	Feedback []feedback.Feedback
}

func (spanRowsEncoding) Marshal(_ context.Context, req xexporterhelper.Request) ([]byte, error) {
	rows, ok := req.(*spanRows)
	if !ok {
		return nil, fmt.Errorf("clickhouseanalytics: cannot queue a request of type %T", req)
	}
	var buf bytes.Buffer
	buf.Grow(len(spanRowsMagic) + rows.BytesSize())
	buf.Write(spanRowsMagic)
	rec := spanRowsRecord{Events: rows.events, Alerts: rows.alerts, Feedback: rows.feedback}
	if err := gob.NewEncoder(&buf).Encode(&rec); err != nil {
		return nil, fmt.Errorf("encoding queued rows: %w", err)
	}
	return buf.Bytes(), nil
}

func (enc spanRowsEncoding) Unmarshal(data []byte) (context.Context, xexporterhelper.Request, error) {
	ctx := context.Background()
	if !bytes.HasPrefix(data, spanRowsMagic) {
		return enc.unmarshalLegacy(ctx, data)
	}
	var rec spanRowsRecord
	if err := gob.NewDecoder(bytes.NewReader(data[len(spanRowsMagic):])).Decode(&rec); err != nil {
		return ctx, nil, fmt.Errorf("decoding queued rows: %w", err)
	}
	return ctx, &spanRows{events: rec.Events, alerts: rec.Alerts, feedback: rec.Feedback, batchRows: enc.exp.batchRows()}, nil
}

// unmarshalLegacy reads a record queued as OTLP spans by an earlier version (exporterhelper's
// request format, or plain OTLP protobuf as older collectors wrote it).
func (enc spanRowsEncoding) unmarshalLegacy(ctx context.Context, data []byte) (context.Context, xexporterhelper.Request, error) {
	ctx, td, err := pdatarequest.UnmarshalTraces(data)
	if errors.Is(err, pdatarequest.ErrInvalidFormat) {
		td, err = (&ptrace.ProtoUnmarshaler{}).UnmarshalTraces(data)
	}
	if err != nil {
		return ctx, nil, fmt.Errorf("decoding queued spans of an earlier version: %w", err)
	}
	req, err := enc.exp.rowsFromTraces(ctx, td)
	return ctx, req, err
}
