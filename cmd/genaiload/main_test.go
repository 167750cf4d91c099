package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"go.uber.org/goleak"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type result struct {
	code           int
	stdout, stderr string
}

func runArgs(ctx context.Context, args ...string) result {
	var out, errOut bytes.Buffer
	code := run(ctx, args, &out, &errOut)
	return result{code, out.String(), errOut.String()}
}

func (r result) expect(t *testing.T, code int, fragments ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit code %d, want %d\nstdout: %s\nstderr: %s", r.code, code, r.stdout, r.stderr)
	}
	for _, f := range fragments {
		if !strings.Contains(r.stdout, f) {
			t.Errorf("stdout lacks %q:\n%s", f, r.stdout)
		}
	}
}

// otlpHTTP is an OTLP/HTTP receiver that decodes every request and answers with status.
func otlpHTTP(t *testing.T, status int, wantJSON, wantGzip bool) (*httptest.Server, *atomic.Int64) {
	var spans atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/traces" || r.Method != http.MethodPost {
			t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		}
		var body io.Reader = r.Body
		if wantGzip != (r.Header.Get("Content-Encoding") == "gzip") {
			t.Errorf("Content-Encoding %q", r.Header.Get("Content-Encoding"))
		}
		if wantGzip {
			zr, err := gzip.NewReader(r.Body)
			if err != nil {
				t.Error(err)
				return
			}
			body = zr
		}
		raw, _ := io.ReadAll(body)
		req := ptraceotlp.NewExportRequest()
		var err error
		if wantJSON {
			err = req.UnmarshalJSON(raw)
		} else {
			err = req.UnmarshalProto(raw)
		}
		if err != nil {
			t.Errorf("cannot decode request (%s): %v", r.Header.Get("Content-Type"), err)
		}
		if status != http.StatusOK {
			http.Error(w, "collector overloaded", status)
			return
		}
		spans.Add(int64(req.Traces().SpanCount()))
		resp, _ := ptraceotlp.NewExportResponse().MarshalProto()
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(resp)
	}))
	t.Cleanup(srv.Close)
	return srv, &spans
}

func TestHTTP(t *testing.T) {
	for _, tc := range []struct {
		name       string
		json, gzip bool
	}{{"protobuf", false, false}, {"json", true, false}, {"protobuf+gzip", false, true}, {"json+gzip", true, true}} {
		t.Run(tc.name, func(t *testing.T) {
			srv, spans := otlpHTTP(t, http.StatusOK, tc.json, tc.gzip)
			args := []string{"-protocol", "http", "-endpoint", srv.URL, "-spans", "1000", "-batch", "100", "-concurrency", "3", "-non-genai-ratio", "0.3"}
			if tc.json {
				args = append(args, "-http-json")
			}
			if tc.gzip {
				args = append(args, "-compression", "gzip")
			}
			runArgs(context.Background(), args...).expect(t, 0, "sent=1000 accepted=1000 refused=0 failed_requests=0")
			if spans.Load() != 1000 {
				t.Errorf("server received %d spans", spans.Load())
			}
		})
	}
}

func TestHTTP503IsRefused(t *testing.T) {
	srv, _ := otlpHTTP(t, http.StatusServiceUnavailable, false, false)
	args := []string{"-protocol", "http", "-endpoint", srv.URL, "-spans", "250", "-batch", "100"}
	r := runArgs(context.Background(), args...)
	r.expect(t, 1, "sent=250 accepted=0 refused=250 failed_requests=3", "http_503=3", "collector overloaded")
	runArgs(context.Background(), append(args, "-allow-failures")...).expect(t, 0, "refused=250")
}

func TestHTTPUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close() // nothing listens there any more
	runArgs(context.Background(), "-protocol", "http", "-endpoint", addr, "-spans", "10", "-batch", "5").
		expect(t, 1, "failed_requests=2", "http_transport=2")
}

// traceServer is an in-process OTLP gRPC receiver; fail decides each request's fate.
type traceServer struct {
	ptraceotlp.UnimplementedGRPCServer
	mu       sync.Mutex
	requests int
	spans    int64
	fail     func(n int) (rejected int64, err error)
}

func (s *traceServer) Export(_ context.Context, req ptraceotlp.ExportRequest) (ptraceotlp.ExportResponse, error) {
	s.mu.Lock()
	s.requests++
	n := s.requests
	s.mu.Unlock()
	resp := ptraceotlp.NewExportResponse()
	if s.fail != nil {
		rejected, err := s.fail(n)
		if err != nil {
			return resp, err
		}
		if rejected > 0 {
			resp.PartialSuccess().SetRejectedSpans(rejected)
			resp.PartialSuccess().SetErrorMessage("spans dropped")
		}
	}
	s.mu.Lock()
	s.spans += int64(req.Traces().SpanCount())
	s.mu.Unlock()
	return resp, nil
}

func (s *traceServer) counts() (requests int, spans int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests, s.spans
}

func otlpGRPC(t *testing.T, ts *traceServer) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gs := grpc.NewServer()
	ptraceotlp.RegisterGRPCServer(gs, ts)
	done := make(chan struct{})
	go func() { defer close(done); _ = gs.Serve(l) }()
	t.Cleanup(func() { gs.Stop(); <-done })
	return l.Addr().String()
}

func TestGRPC(t *testing.T) {
	ts := &traceServer{}
	addr := otlpGRPC(t, ts)
	runArgs(context.Background(), "-endpoint", addr, "-spans", "1000", "-batch", "64", "-concurrency", "8", "-compression", "gzip", "-header", "x-tenant=acme").
		expect(t, 0, "sent=1000 accepted=1000 refused=0 failed_requests=0")
	if reqs, spans := ts.counts(); spans != 1000 || reqs != 16 {
		t.Errorf("server got %d spans in %d requests", spans, reqs)
	}
}

func TestGRPCFailuresAndPartialSuccess(t *testing.T) {
	ts := &traceServer{fail: func(n int) (int64, error) {
		switch n % 3 {
		case 0:
			return 0, status.Error(codes.Unavailable, "memory limiter: data refused")
		case 1:
			return 10, nil
		}
		return 0, nil
	}}
	addr := otlpGRPC(t, ts)
	// 9 requests of 100 spans, one at a time: 3 unavailable, 3 with 10 spans rejected.
	r := runArgs(context.Background(), "-endpoint", addr, "-spans", "900", "-batch", "100", "-concurrency", "1")
	r.expect(t, 1, "sent=900 accepted=570 refused=330 failed_requests=3", "grpc_Unavailable=3", "partial_success=3", "memory limiter")
}

func TestRateAndDuration(t *testing.T) {
	ts := &traceServer{}
	addr := otlpGRPC(t, ts)
	start := time.Now()
	// 1000 spans at 2000/s: the last batch is due after 450 ms.
	runArgs(context.Background(), "-endpoint", addr, "-spans", "1000", "-rate", "2000").expect(t, 0, "accepted=1000")
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Errorf("rate not honoured: 1000 spans at 2000/s took %s", d)
	}
	// -duration without -spans runs until the deadline.
	r := runArgs(context.Background(), "-endpoint", addr, "-duration", "300ms", "-rate", "1000", "-batch", "10")
	r.expect(t, 0, "refused=0")
	if strings.Contains(r.stdout, "sent=0 ") {
		t.Errorf("nothing sent: %s", r.stdout)
	}
}

func TestCancelStopsGracefully(t *testing.T) {
	ts := &traceServer{}
	addr := otlpGRPC(t, ts)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	r := runArgs(ctx, "-endpoint", addr, "-duration", "1h", "-rate", "500", "-batch", "10", "-v", "-report-every", "100ms")
	r.expect(t, 0, "refused=0 failed_requests=0")
	if !strings.Contains(r.stderr, "interrupted") || !strings.Contains(r.stderr, "progress:") {
		t.Errorf("stderr: %s", r.stderr)
	}
}

func TestDryRun(t *testing.T) {
	r := runArgs(context.Background(), "-dry-run", "-batch", "3", "-seed", "7")
	r.expect(t, 0, `"gen_ai.input.messages"`, `"tenant.id"`)
	req := ptraceotlp.NewExportRequest()
	if err := req.UnmarshalJSON([]byte(r.stdout)); err != nil {
		t.Fatal(err)
	}
	if n := req.Traces().SpanCount(); n != 3 {
		t.Fatalf("dry run printed %d spans", n)
	}
}

func TestDryRunDialects(t *testing.T) {
	r := runArgs(context.Background(), "-dry-run", "-batch", "200", "-seed", "7",
		"-dialects", "openllmetry=1,openinference=1,vercel_ai=1")
	r.expect(t, 0, `"llm.request.type"`, `"openinference.span.kind"`, `"ai.operationId"`)
	if strings.Contains(r.stdout, `"gen_ai.input.messages"`) {
		t.Fatal("a semconv span in a mix without semconv")
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-protocol", "udp"},
		{"-batch", "0"},
		{"-error-rate", "2"},
		{"-http-json"},
		{"-spans", "0"},
		{"-compression", "zstd"},
		{"-providers", "nope"},
		{"-dialects", "langfuse=10"},
		{"-dialects", "semconv=x"},
		{"-header", "novalue"},
		{"extra"},
	} {
		if r := runArgs(context.Background(), args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2", args, r.code)
		}
	}
}
