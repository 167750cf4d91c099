package clickhouseanalyticsexporter

import (
	"bytes"
	"context"
	"encoding/binary"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/klauspost/compress/s2"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/anomaly"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

func testRowsEncoding() spanRowsEncoding {
	return spanRowsEncoding{exp: newAnalyticsExporter(createDefaultConfig(), nil)}
}

func roundTrip(t testing.TB, rows *spanRows) *spanRows {
	t.Helper()
	enc := testRowsEncoding()
	data, err := enc.Marshal(context.Background(), rows)
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(data, spanRowsMagic) || bytes.HasPrefix(data, spanRowsMagicV3))
	_, req, err := enc.Unmarshal(data)
	require.NoError(t, err)
	return req.(*spanRows)
}

// Every field of the three row types, filled by reflection with random values (or left zero),
// must survive the record: a field added to a row type without a place in the layout fails here.
func TestRowCodecCoversEveryField(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 27))
	for round := range 300 {
		rows := &spanRows{
			events:   make([]genai.Event, rng.IntN(4)),
			alerts:   make([]anomaly.Alert, rng.IntN(3)),
			feedback: make([]feedback.Feedback, rng.IntN(3)),
		}
		for _, list := range []reflect.Value{reflect.ValueOf(rows.events), reflect.ValueOf(rows.alerts), reflect.ValueOf(rows.feedback)} {
			for i := range list.Len() {
				fillRandom(rng, list.Index(i), round%3 == 0)
			}
		}
		back := roundTrip(t, rows)
		require.Equal(t, nilIfEmpty(rows.events), back.events, "round %d", round)
		require.Equal(t, nilIfEmpty(rows.alerts), back.alerts, "round %d", round)
		require.Equal(t, nilIfEmpty(rows.feedback), back.feedback, "round %d", round)
	}
}

func nilIfEmpty[T any](list []T) []T {
	if len(list) == 0 {
		return nil
	}
	return list
}

// fillRandom sets v to a random value of its type; with sparse, about half the fields stay zero
// (absent optional values, empty strings and lists).
func fillRandom(rng *rand.Rand, v reflect.Value, sparse bool) {
	if sparse && rng.IntN(2) == 0 {
		return
	}
	if v.Type() == reflect.TypeFor[time.Time]() {
		v.Set(reflect.ValueOf(time.Unix(rng.Int64N(1<<40)-1<<39, rng.Int64N(int64(time.Second))).UTC()))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(randomText(rng))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Uint8, reflect.Uint32, reflect.Uint64:
		v.SetUint(rng.Uint64() >> (64 - v.Type().Bits()))
	case reflect.Float64:
		v.SetFloat(rng.NormFloat64() * 1e6)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fillRandom(rng, v.Elem(), false)
	case reflect.Array:
		for i := range v.Len() {
			fillRandom(rng, v.Index(i), false)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1+rng.IntN(3), 4))
		for i := range v.Len() {
			fillRandom(rng, v.Index(i), false)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for range 1 + rng.IntN(3) {
			key, value := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fillRandom(rng, key, false)
			fillRandom(rng, value, false)
			v.SetMapIndex(key, value)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			fillRandom(rng, v.Field(i), sparse)
		}
	default:
		panic("fillRandom: add a case for " + v.Type().String())
	}
}

func randomText(rng *rand.Rand) string {
	const alphabet = "abcXYZ 019\n\"\\é€😀\x00"
	runes := []rune(alphabet)
	out := make([]rune, 1+rng.IntN(12))
	for i := range out {
		out[i] = runes[rng.IntN(len(runes))]
	}
	return string(out)
}

func TestRowCodecKnownRows(t *testing.T) {
	rows := fullyPopulatedRows()
	back := roundTrip(t, rows)
	require.Equal(t, rows.events, back.events)
	require.Equal(t, rows.alerts, back.alerts)
	require.Equal(t, rows.feedback, back.feedback)
	require.Equal(t, testRowsEncoding().exp.batchRows(), back.batchRows)

	empty := roundTrip(t, &spanRows{})
	require.Zero(t, empty.ItemsCount())
}

// A retried request must give the same record (feedback metadata is a map).
func TestRowCodecIsDeterministic(t *testing.T) {
	enc := testRowsEncoding()
	first, err := enc.Marshal(context.Background(), fullyPopulatedRows())
	require.NoError(t, err)
	for range 20 {
		again, err := enc.Marshal(context.Background(), fullyPopulatedRows())
		require.NoError(t, err)
		require.Equal(t, first, again)
	}
}

// The testdata records were queued from fullyPopulatedRows by earlier versions: AIAROWS2 (rows
// in gob, before AIAROWS3) and AIAROWS3 (the plain layout, before compressed records). A queue
// left by either is read after the upgrade.
func TestSpanRowsEncodingReadsEarlierRecords(t *testing.T) {
	for _, tt := range []struct {
		file  string
		magic []byte
	}{
		{"testdata/queue_record_v2.gob", spanRowsMagicV2},
		{"testdata/queue_record_v3.bin", spanRowsMagicV3},
	} {
		data, err := os.ReadFile(tt.file)
		require.NoError(t, err)
		require.True(t, bytes.HasPrefix(data, tt.magic), tt.file)
		_, req, err := testRowsEncoding().Unmarshal(data)
		require.NoError(t, err, tt.file)
		rows, want := req.(*spanRows), fullyPopulatedRows()
		require.Equal(t, want.events, rows.events, tt.file)
		require.Equal(t, want.alerts, rows.alerts, tt.file)
		require.Equal(t, want.feedback, rows.feedback, tt.file)
	}
	_, _, err := testRowsEncoding().Unmarshal(append(bytes.Clone(spanRowsMagicV2), 0xff, 0x01))
	require.ErrorContains(t, err, "earlier version")
}

// plainRecordBody is the uncompressed layout of rows, as an AIAROWS3 record holds it.
func plainRecordBody(rows *spanRows) []byte {
	var w rowWriter
	appendRecord(&w, rows)
	return w.buf
}

func TestRowCodecRejectsDamagedRecords(t *testing.T) {
	enc := testRowsEncoding()
	body := plainRecordBody(fullyPopulatedRows())
	compressed, err := enc.Marshal(context.Background(), fullyPopulatedRows())
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(compressed, spanRowsMagic))

	// Cut anywhere, in either form: an error, never a panic or a shorter batch.
	for _, record := range [][]byte{append(bytes.Clone(spanRowsMagicV3), body...), compressed} {
		for n := len(spanRowsMagic); n < len(record); n++ {
			_, _, err := enc.Unmarshal(record[:n])
			require.Error(t, err, "%s cut at %d of %d", record[:len(spanRowsMagic)], n, len(record))
		}
	}

	tests := []struct {
		name   string
		body   []byte
		errMsg string
	}{
		{"trailing bytes", append(bytes.Clone(body), 0), "trailing bytes"},
		{"more events than bytes", []byte{0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0}, "more rows than bytes"},
		{"overlong number", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, "overlong number"},
		{"string longer than the record", append([]byte{0, 0, 1, 0x7f}, bytes.Repeat([]byte{'a'}, 20)...), "string longer than the record"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, record := range [][]byte{
				append(bytes.Clone(spanRowsMagicV3), tt.body...),
				append(bytes.Clone(spanRowsMagic), s2.Encode(nil, tt.body)...), // the same rows compressed
			} {
				_, _, err := enc.Unmarshal(record)
				require.ErrorContains(t, err, "decoding queued rows")
				require.ErrorContains(t, err, tt.errMsg)
			}
		})
	}

	// A block claiming more than it may is refused before anything is allocated.
	huge := append(bytes.Clone(spanRowsMagic), binary.AppendUvarint(nil, maxRecordBytes+1)...)
	_, _, err = enc.Unmarshal(append(huge, make([]byte, maxRecordBytes/maxRecordRatio)...))
	require.ErrorIs(t, err, errRecordTooLarge)
	tooDense := append(bytes.Clone(spanRowsMagic), binary.AppendUvarint(nil, 2*maxRecordRatio*100+1024)...)
	_, _, err = enc.Unmarshal(append(tooDense, make([]byte, 100)...))
	require.ErrorIs(t, err, errRecordTooLarge)
	_, _, err = enc.Unmarshal(append(bytes.Clone(spanRowsMagic), 0x05, 0xff, 0xff))
	require.ErrorContains(t, err, "compressed block")
}

// Records are compressed when that makes them smaller; rows that do not compress (random
// text) keep the plain AIAROWS3 layout. Both read back to the same rows.
func TestQueueRecordCompression(t *testing.T) {
	enc := testRowsEncoding()
	rng := rand.New(rand.NewPCG(3, 4))
	noise := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return string(b)
	}
	noisy := &spanRows{events: []genai.Event{{TenantID: noise(300), Query: noise(400), Timestamp: time.Unix(1, 0).UTC()}}}
	for _, tt := range []struct {
		name      string
		rows      *spanRows
		wantMagic []byte
	}{
		{"repetitive rows compress", repeatedRows(50), spanRowsMagic},
		{"random text stays plain", noisy, spanRowsMagicV3},
		// 20 000 rows of empty fields would compress beyond maxRecordRatio: written plain.
		{"empty rows stay plain", &spanRows{events: make([]genai.Event, 20000)}, spanRowsMagicV3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data, err := enc.Marshal(context.Background(), tt.rows)
			require.NoError(t, err)
			require.Equal(t, string(tt.wantMagic), string(data[:len(spanRowsMagic)]))
			plain := len(spanRowsMagicV3) + len(plainRecordBody(tt.rows))
			require.LessOrEqual(t, len(data), plain)
			if bytes.Equal(tt.wantMagic, spanRowsMagic) {
				require.Less(t, len(data), plain/3, "50 similar events")
			}
			_, req, err := enc.Unmarshal(data)
			require.NoError(t, err)
			require.Equal(t, tt.rows.events, req.(*spanRows).events)
		})
	}
}

// repeatedRows is n copies of fullyPopulatedRows' events.
func repeatedRows(n int) *spanRows {
	rows := &spanRows{}
	for range n {
		rows.events = append(rows.events, fullyPopulatedRows().events...)
	}
	return rows
}

// FuzzRowCodec: any bytes after either magic (the plain layout, or an S2 block of it) decode
// or fail cleanly, and what decodes encodes to a record that decodes to the same rows.
func FuzzRowCodec(f *testing.F) {
	enc := testRowsEncoding()
	f.Add(plainRecordBody(fullyPopulatedRows()), false)
	f.Add(s2.Encode(nil, plainRecordBody(fullyPopulatedRows())), true)
	f.Add([]byte{0, 0, 0}, false)
	f.Add([]byte{1, 0, 0}, false)
	f.Add([]byte{3, 8, 0, 0, 0}, true)
	f.Fuzz(func(t *testing.T, body []byte, compressed bool) {
		magic := spanRowsMagicV3
		if compressed {
			magic = spanRowsMagic
		}
		_, req, err := enc.Unmarshal(append(bytes.Clone(magic), body...))
		if err != nil {
			return
		}
		// Bytes, not rows, are compared: a fuzzed float may be NaN.
		first, err := enc.Marshal(context.Background(), req)
		require.NoError(t, err)
		_, again, err := enc.Unmarshal(first)
		require.NoError(t, err)
		second, err := enc.Marshal(context.Background(), again)
		require.NoError(t, err)
		require.Equal(t, first, second)
	})
}

// The count check rejects a record claiming more rows than its bytes can hold; its lower
// bounds must be the real minimum sizes (all fields empty, times at the epoch), or a valid
// record of empty rows would be refused.
func TestRowCodecMinimumSizes(t *testing.T) {
	epoch := time.Unix(0, 0).UTC()
	size := func(appendRow func(*rowWriter)) int {
		var w rowWriter
		appendRow(&w)
		return len(w.buf)
	}
	require.Equal(t, minEncodedEvent, size(func(w *rowWriter) { appendEvent(w, &genai.Event{Timestamp: epoch}) }))
	require.Equal(t, minEncodedAlert, size(func(w *rowWriter) {
		appendAlert(w, &anomaly.Alert{Timestamp: epoch, WindowStart: epoch, WindowEnd: epoch, ResolvedAt: epoch})
	}))
	require.Equal(t, minEncodedFeedback, size(func(w *rowWriter) { appendFeedback(w, &feedback.Feedback{Timestamp: epoch}) }))

	rows := &spanRows{
		events:   make([]genai.Event, 50),
		alerts:   make([]anomaly.Alert, 50),
		feedback: make([]feedback.Feedback, 50),
	}
	for i := range 50 {
		rows.events[i].Timestamp = epoch
		rows.alerts[i] = anomaly.Alert{Timestamp: epoch, WindowStart: epoch, WindowEnd: epoch, ResolvedAt: epoch}
		rows.feedback[i].Timestamp = epoch
	}
	back := roundTrip(t, rows)
	require.Len(t, back.events, 50)
	require.Len(t, back.alerts, 50)
	require.Len(t, back.feedback, 50)
}
