package aifeedbackreceiver

import (
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/feedback"
)

// FuzzDecode feeds arbitrary bodies to both endpoints' decoders. Whatever the input: no panic,
// and an accepted item survives the trip through a log record with its id, type and stage.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		`{"user_id":"u","response_id":"r","type":"thumbs_up"}`,
		`[{"event_id":"e","timestamp":"2026-11-26T10:00:00Z","user_id":1,"session_id":"s","trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174","type":"rating","rating":5,"comment":"ok","metadata":{"a":1,"b":true,"c":"x","d":null}}]`,
		`{"user_id":"u","stage":"converted","timestamp":1795687200000,"details":{"plan":"pro"}}`,
		`{"user_id":"u","response_id":"r","type":"rating","rating":4.5}`,
		`[1,"a",null,{}]`,
		`{"metadata":{"x":{"y":[1]}}}`,
		`{"timestamp":-1e309}`,
		`  [ ] `,
		`{"user_id":"u",`,
	} {
		f.Add([]byte(seed))
	}
	cfg := createDefaultConfig()
	cfg.CustomTypes = []string{"copy"}
	d := newDecoder(cfg)
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte) {
		fbs, fbErrs, err := d.feedbackBatch(body)
		if err == nil && len(fbErrs) == 0 {
			for _, fb := range resolveFeedback(fbs, "default", now) {
				lr := plog.NewLogRecord()
				fb.ToLogRecord(lr, now)
				back, err := feedback.FromLogRecord(lr)
				if err != nil || back.EventID != fb.EventID || back.Type != fb.Type || back.UserID != fb.UserID {
					t.Fatalf("round trip of %+v gave %+v (%v)", fb, back, err)
				}
				if fb.Type == feedback.TypeRating && (fb.Rating == nil || *fb.Rating < 1 || *fb.Rating > 5) {
					t.Fatalf("accepted rating out of range: %+v", fb)
				}
			}
		}
		evs, evErrs, err := d.funnelBatch(body)
		if err == nil && len(evErrs) == 0 {
			for _, ev := range resolveFunnel(evs, "default", now) {
				lr := plog.NewLogRecord()
				ev.ToLogRecord(lr, now)
				back, err := feedback.FunnelFromLogRecord(lr)
				if err != nil || back.EventID != ev.EventID || back.Stage != ev.Stage {
					t.Fatalf("round trip of %+v gave %+v (%v)", ev, back, err)
				}
			}
		}
	})
}
