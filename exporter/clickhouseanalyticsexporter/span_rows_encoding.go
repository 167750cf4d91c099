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

// spanRowsMagic starts every queue record of this format: the rows' compact layout
// (row_codec_rows.go) compressed as one S2 block (compressed_record.go). spanRowsMagicV3 starts
// the same layout uncompressed, written by the previous version and still for a record that
// does not compress. A record without either was written by an earlier version: with
// spanRowsMagicV2 (the same rows in gob, which cost ~17 % of the collector's CPU with the
// persistent queue), spanRowsMagicV1 (gob rows whose attributes were a map), or with no magic
// at all (the spans themselves, as OTLP protobuf). All are read, so an upgrade with a
// non-empty persistent queue loses nothing.
var (
	spanRowsMagic   = []byte("AIAROWS4")
	spanRowsMagicV3 = []byte("AIAROWS3")
	spanRowsMagicV2 = []byte("AIAROWS2")
	spanRowsMagicV1 = []byte("AIAROWS1")
)

// isRowsRecord reports whether data is a record of queued rows in any of the formats.
func isRowsRecord(data []byte) bool {
	for _, magic := range [][]byte{spanRowsMagic, spanRowsMagicV3, spanRowsMagicV2, spanRowsMagicV1} {
		if bytes.HasPrefix(data, magic) {
			return true
		}
	}
	return false
}

// spanRowsEncoding stores spanRows in the persistent (file_storage) queue.
type spanRowsEncoding struct {
	exp *analyticsExporter
}

// spanRowsRecord is the form of AIAROWS2 and AIAROWS1 records (gob).
type spanRowsRecord struct {
	Events   []genai.Event
	Alerts   []anomaly.Alert
	Feedback []feedback.Feedback
}

func (enc spanRowsEncoding) Marshal(_ context.Context, req xexporterhelper.Request) ([]byte, error) {
	rows, ok := req.(*spanRows)
	if !ok {
		return nil, fmt.Errorf("clickhouseanalytics: cannot queue a request of type %T", req)
	}
	// The plain layout is scratch when the record compresses (it usually does): a pooled buffer.
	scratch := enc.exp.recordScratch.Get().(*[]byte)
	defer enc.exp.recordScratch.Put(scratch)
	w := rowWriter{buf: append((*scratch)[:0], spanRowsMagicV3...)}
	appendRecord(&w, rows)
	*scratch = w.buf
	if out := compressRecord(w.buf[len(spanRowsMagicV3):]); out != nil {
		return out, nil
	}
	return bytes.Clone(w.buf), nil
}

// recordReader reads the rows of an AIAROWS4 (compressed) or AIAROWS3 (plain) record.
func recordReader(data []byte) (*rowReader, error) {
	if !bytes.HasPrefix(data, spanRowsMagic) {
		return newRowReader(data[len(spanRowsMagicV3):]), nil
	}
	text, err := decompressRecord(data[len(spanRowsMagic):])
	if err != nil {
		return nil, err
	}
	return newRowReaderOf(text), nil
}

func (enc spanRowsEncoding) Unmarshal(data []byte) (context.Context, xexporterhelper.Request, error) {
	ctx := context.Background()
	var rec spanRowsRecord
	switch {
	case bytes.HasPrefix(data, spanRowsMagic), bytes.HasPrefix(data, spanRowsMagicV3):
		r, err := recordReader(data)
		if err != nil {
			return ctx, nil, fmt.Errorf("decoding queued rows: %w", err)
		}
		events, alerts, fbs, err := readRecord(r)
		if err != nil {
			return ctx, nil, fmt.Errorf("decoding queued rows: %w", err)
		}
		rec = spanRowsRecord{Events: events, Alerts: alerts, Feedback: fbs}
	case bytes.HasPrefix(data, spanRowsMagicV2):
		if err := gob.NewDecoder(bytes.NewReader(data[len(spanRowsMagicV2):])).Decode(&rec); err != nil {
			return ctx, nil, fmt.Errorf("decoding queued rows of an earlier version: %w", err)
		}
	case bytes.HasPrefix(data, spanRowsMagicV1):
		if err := decodeV1Record(data[len(spanRowsMagicV1):], &rec); err != nil {
			return ctx, nil, fmt.Errorf("decoding queued rows of an earlier version: %w", err)
		}
	default:
		return enc.unmarshalLegacy(ctx, data)
	}
	return ctx, &spanRows{events: rec.Events, alerts: rec.Alerts, feedback: rec.Feedback, batchRows: enc.exp.batchRows(),
		arrays: &enc.exp.eventArrays, ownsEvents: true}, nil
}

// decodeV1Record reads a record whose events held their attributes as a map[string]string
// named Attributes. gob skips wire fields the local type lacks, so one decode reads all but
// the attributes, and a second, into a type with nothing but them, reads those.
func decodeV1Record(body []byte, rec *spanRowsRecord) error {
	if err := gob.NewDecoder(bytes.NewReader(body)).Decode(rec); err != nil {
		return err
	}
	var v1 struct {
		Events []struct{ Attributes map[string]string }
	}
	if err := gob.NewDecoder(bytes.NewReader(body)).Decode(&v1); err != nil {
		return err
	}
	if len(v1.Events) != len(rec.Events) {
		return fmt.Errorf("%d events but %d attribute maps", len(rec.Events), len(v1.Events))
	}
	for i, ev := range v1.Events {
		rec.Events[i].OtherAttributes = genai.AttributesFromMap(ev.Attributes)
	}
	return nil
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
