package aifeedbackreceiver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/golden"
	"github.com/open-telemetry/opentelemetry-collector-contrib/pkg/pdatatest/plogtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/receiver/receivertest"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/receiver/aifeedbackreceiver/internal/metadata"
)

const testKey = "0123456789abcdef-acme"

// startReceiver runs the receiver on a free port with the given consumer.
func startReceiver(t *testing.T, next consumer.Logs, mutate func(*Config)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	cfg := createDefaultConfig()
	cfg.NetAddr.Endpoint = addr
	if mutate != nil {
		mutate(cfg)
	}
	require.NoError(t, cfg.Validate())
	rcv, err := NewFactory().CreateLogs(context.Background(), receivertest.NewNopSettings(metadata.Type), cfg, next)
	require.NoError(t, err)
	require.NoError(t, rcv.Start(context.Background(), componenttest.NewNopHost()))
	t.Cleanup(func() { require.NoError(t, rcv.Shutdown(context.Background())) })
	return "http://" + addr
}

type reply struct {
	status  int
	header  http.Header
	body    errorBody
	accepts acceptedBody
}

func post(t *testing.T, url, contentType string, body []byte, header map[string]string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	r := reply{status: resp.StatusCode, header: resp.Header}
	if resp.StatusCode == http.StatusAccepted {
		require.NoError(t, json.Unmarshal(raw, &r.accepts), string(raw))
	} else {
		require.NoError(t, json.Unmarshal(raw, &r.body), string(raw))
	}
	return r
}

func fields(errs errorBody) []string {
	out := make([]string, 0, len(errs.Errors))
	for _, e := range errs.Errors {
		out = append(out, e.Field)
	}
	return out
}

func TestBadInputIsRefusedWithItsStatus(t *testing.T) {
	sink := new(consumertest.LogsSink)
	base := startReceiver(t, sink, func(c *Config) {
		c.APIKeys = map[string]string{testKey: "acme"}
		c.MaxRequestBodySize = 64 << 10
	})
	key := map[string]string{APIKeyHeader: testKey}
	valid := `{"user_id":"u-1","response_id":"r-1","type":"thumbs_up"}`
	huge := `{"user_id":"u-1","response_id":"r-1","type":"comment","comment":"` + strings.Repeat("x", 2<<20) + `"}`
	tests := []struct {
		name        string
		path        string
		contentType string
		header      map[string]string
		body        string
		wantStatus  int
		wantError   string
		wantFields  []string
	}{
		{name: "missing user", path: FeedbackPath, body: `{"response_id":"r-1","type":"thumbs_up"}`, wantStatus: 400, wantError: "1 invalid field(s)", wantFields: []string{"user_id"}},
		{name: "rating 7", path: FeedbackPath, body: `{"user_id":"u","response_id":"r","type":"rating","rating":7}`, wantStatus: 400, wantFields: []string{"rating"}},
		{name: "rating missing", path: FeedbackPath, body: `{"user_id":"u","response_id":"r","type":"rating"}`, wantStatus: 400, wantFields: []string{"rating"}},
		{name: "every bad field of every item", path: FeedbackPath,
			body:       `[{"user_id":"u","response_id":"r","type":"thumbs_up"},{"type":"meh","rating":"five","timestamp":"yesterday","trace_id":"xyz","span_id":"00","metadata":{"a":{"b":1}},"colour":"red"}]`,
			wantStatus: 400, wantFields: []string{"[1].colour", "[1].metadata.a", "[1].rating", "[1].span_id", "[1].timestamp", "[1].trace_id", "[1].type", "[1].user_id"}},
		{name: "wrong content type", path: FeedbackPath, contentType: "text/plain", body: valid, wantStatus: 415, wantError: `content type "text/plain" is not supported`},
		{name: "no content type", path: FeedbackPath, contentType: "-", body: valid, wantStatus: 415},
		{name: "2 MB body", path: FeedbackPath, body: huge, wantStatus: 413, wantError: "larger than max_request_body_size (65536 bytes)"},
		{name: "wrong tenant for key", path: FeedbackPath, body: `{"tenant_id":"globex","user_id":"u","response_id":"r","type":"save"}`, wantStatus: 403, wantError: `tenant_id "globex" is not the tenant of this API key`, wantFields: []string{"tenant_id"}},
		{name: "missing key", path: FeedbackPath, header: map[string]string{}, body: valid, wantStatus: 401, wantError: "missing or unknown API key"},
		{name: "unknown key", path: FeedbackPath, header: map[string]string{APIKeyHeader: "nope-nope-nope-nope"}, body: valid, wantStatus: 401},
		{name: "malformed JSON", path: FeedbackPath, body: `{"user_id":"u",`, wantStatus: 400, wantError: "malformed JSON"},
		{name: "not an object", path: FeedbackPath, body: `"thumbs_up"`, wantStatus: 400, wantError: "body must be a JSON object or an array of objects"},
		{name: "array of non-objects", path: FeedbackPath, body: `[1]`, wantStatus: 400, wantFields: []string{"[0]"}},
		{name: "empty array", path: FeedbackPath, body: `[]`, wantStatus: 400, wantError: "empty array"},
		{name: "too many items", path: FunnelPath, body: "[" + strings.Repeat(`{"user_id":"u","stage":"converted"},`, 1000) + `{"user_id":"u","stage":"converted"}]`,
			wantStatus: 413, wantError: "1001 items in one request, more than max_items (1000)"},
		{name: "errors listed are capped", path: FeedbackPath, body: "[" + strings.Repeat(`{},`, 99) + `{}]`,
			wantStatus: 400, wantError: "300 invalid field(s): nothing was accepted (the first 100 are listed)"},
		{name: "funnel unknown stage", path: FunnelPath, body: `{"user_id":"u","stage":"paid"}`, wantStatus: 400, wantFields: []string{"stage"}},
		{name: "funnel missing user and stage", path: FunnelPath, body: `{"details":{"plan":"pro"}}`, wantStatus: 400, wantFields: []string{"stage", "user_id"}},
		{name: "funnel wrong tenant", path: FunnelPath, body: `[{"user_id":"u","stage":"converted"},{"tenant_id":"x","user_id":"u","stage":"converted"}]`, wantStatus: 403, wantFields: []string{"[1].tenant_id"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ct := tt.contentType
			switch ct {
			case "":
				ct = "application/json"
			case "-":
				ct = ""
			}
			header := tt.header
			if header == nil {
				header = key
			}
			r := post(t, base+tt.path, ct, []byte(tt.body), header)
			require.Equal(t, tt.wantStatus, r.status, "%+v", r.body)
			assert.Contains(t, r.body.Error, tt.wantError)
			if tt.wantFields != nil {
				assert.Equal(t, tt.wantFields, fields(r.body), "%+v", r.body)
			}
		})
	}
	assert.Zero(t, sink.LogRecordCount(), "refused requests must not reach the pipeline")

	r := post(t, base+FeedbackPath, "application/json; charset=utf-8", []byte(valid), key)
	require.Equal(t, http.StatusAccepted, r.status)
	assert.Equal(t, 1, sink.LogRecordCount())
}

func TestMethodNotAllowed(t *testing.T) {
	base := startReceiver(t, consumertest.NewNop(), nil)
	resp, err := http.Get(base + FeedbackPath)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
	assert.Equal(t, "POST", resp.Header.Get("Allow"))
}

func TestUnknownFieldsIgnoredWhenConfigured(t *testing.T) {
	sink := new(consumertest.LogsSink)
	base := startReceiver(t, sink, func(c *Config) { c.UnknownFields = unknownFieldsIgnore })
	r := post(t, base+FeedbackPath, "application/json", []byte(`{"user_id":"u","response_id":"r","type":"share","colour":"red"}`), nil)
	require.Equal(t, http.StatusAccepted, r.status)
	assert.Equal(t, 1, sink.LogRecordCount())
}

func TestRefusingPipelineGets503WithRetryAfter(t *testing.T) {
	tests := []struct {
		name string
		err  error
	}{
		{name: "memory limiter", err: errors.New("data refused due to high memory usage")},
		{name: "full queue", err: errors.New("sending queue is full")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := startReceiver(t, consumertest.NewErr(tt.err), func(c *Config) { c.RetryAfter = 7 * time.Second })
			for _, path := range []string{FeedbackPath, FunnelPath} {
				r := post(t, base+path, "application/json", []byte(`{"user_id":"u","response_id":"r","type":"save","stage":"converted"}`), nil)
				if path == FeedbackPath {
					r = post(t, base+path, "application/json", []byte(`{"user_id":"u","response_id":"r","type":"save"}`), nil)
				} else {
					r = post(t, base+path, "application/json", []byte(`{"user_id":"u","stage":"converted"}`), nil)
				}
				require.Equal(t, http.StatusServiceUnavailable, r.status, path)
				assert.Equal(t, "7", r.header.Get("Retry-After"))
				assert.Contains(t, r.body.Error, tt.err.Error())
			}
		})
	}
}

// TestAcceptedRecordsMatchGolden pins the log records a request becomes (the contract with the
// processor and the exporter). Set UPDATE_GOLDEN=1 to rewrite the files.
func TestAcceptedRecordsMatchGolden(t *testing.T) {
	tests := []struct {
		name string
		path string
		body string
	}{
		{name: "feedback", path: FeedbackPath, body: `[
			{"event_id":"fb-1","timestamp":"2026-11-26T10:00:00Z","user_id":"u-1","session_id":"s-1","response_id":"chatcmpl-1","type":"thumbs_down","comment":"wrong price","metadata":{"page":"/pricing","position":2,"beta":true}},
			{"timestamp":1795687200000,"tenant_id":"acme","user_id":42,"trace_id":"5B8EFFF798038103D269B633813FC60C","span_id":"eee19b7ec3c1b174","type":"rating","rating":4}
		]`},
		{name: "funnel", path: FunnelPath, body: `{"timestamp":"2026-11-26T10:05:00.5Z","user_id":"u-1","session_id":"s-1","stage":"converted","details":{"plan":"pro","amount":20}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := new(consumertest.LogsSink)
			base := startReceiver(t, sink, nil)
			r := post(t, base+tt.path, "application/json", []byte(tt.body), nil)
			require.Equal(t, http.StatusAccepted, r.status, "%+v", r.body)
			require.Len(t, sink.AllLogs(), 1)
			got := sink.AllLogs()[0]
			file := filepath.Join("testdata", "golden", tt.name+".yaml")
			if os.Getenv("UPDATE_GOLDEN") == "1" {
				require.NoError(t, golden.WriteLogsToFile(file, got))
			}
			want, err := golden.ReadLogs(file)
			require.NoError(t, err)
			require.NoError(t, plogtest.CompareLogs(want, got, plogtest.IgnoreObservedTimestamp()))
			assert.Equal(t, r.accepts.Accepted, got.LogRecordCount())
			assert.Equal(t, idsOf(got), r.accepts.EventIDs)
		})
	}
}

func idsOf(ld plog.Logs) []string {
	var out []string
	lrs := ld.ResourceLogs().At(0).ScopeLogs().At(0).LogRecords()
	for i := 0; i < lrs.Len(); i++ {
		v, _ := lrs.At(i).Attributes().Get("aianalytics.event_id")
		out = append(out, v.Str())
	}
	return out
}

// TestResentEventKeepsItsID: without a client event_id the id is derived from the content, so
// a resend (timestamp defaulted to "now" each time) maps to the same row.
func TestResentEventKeepsItsID(t *testing.T) {
	sink := new(consumertest.LogsSink)
	base := startReceiver(t, sink, nil)
	body := []byte(`{"user_id":"u-1","response_id":"r-9","type":"thumbs_up"}`)
	first := post(t, base+FeedbackPath, "application/json", body, nil)
	time.Sleep(5 * time.Millisecond)
	second := post(t, base+FeedbackPath, "application/json", body, nil)
	require.Equal(t, http.StatusAccepted, first.status)
	assert.Equal(t, first.accepts.EventIDs, second.accepts.EventIDs)
	other := post(t, base+FeedbackPath, "application/json", []byte(`{"user_id":"u-1","response_id":"r-9","type":"thumbs_down"}`), nil)
	assert.NotEqual(t, first.accepts.EventIDs, other.accepts.EventIDs)
}

func TestCORSPreflight(t *testing.T) {
	base := startReceiver(t, consumertest.NewNop(), func(c *Config) {
		cors := c.CORS.GetOrInsertDefault()
		cors.AllowedOrigins = []string{"https://app.example.com"}
		cors.AllowedHeaders = []string{"Content-Type", APIKeyHeader}
	})
	req, err := http.NewRequest(http.MethodOptions, base+FeedbackPath, http.NoBody)
	require.NoError(t, err)
	req.Header.Set("Origin", "https://app.example.com")
	req.Header.Set("Access-Control-Request-Method", "POST")
	req.Header.Set("Access-Control-Request-Headers", "content-type,x-api-key")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Less(t, resp.StatusCode, 300, fmt.Sprint(resp.StatusCode, resp.Header))
	assert.Equal(t, "https://app.example.com", resp.Header.Get("Access-Control-Allow-Origin"), fmt.Sprint(resp.StatusCode, resp.Header))
}
