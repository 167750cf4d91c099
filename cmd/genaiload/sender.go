package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	spb "google.golang.org/genproto/googleapis/rpc/status"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	grpcgzip "google.golang.org/grpc/encoding/gzip"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
)

// sender exports one OTLP request, without retries: a refusal must show up in the report.
// rejected is the partial-success count of a request the server otherwise accepted.
type sender interface {
	send(ctx context.Context, td ptrace.Traces) (rejected int64, err error)
	close()
}

// sendError carries a short label for the failure breakdown (grpc_Unavailable, http_503…).
type sendError struct {
	label string
	err   error
}

func (e *sendError) Error() string { return e.label + ": " + e.err.Error() }

func failureLabel(err error) string {
	var se *sendError
	if errors.As(err, &se) {
		return se.label
	}
	return "error"
}

// errorMessage is the error without its label, for the failure breakdown.
func errorMessage(err error) string {
	var se *sendError
	if errors.As(err, &se) {
		return se.err.Error()
	}
	return err.Error()
}

type grpcSender struct {
	conn   *grpc.ClientConn
	client ptraceotlp.GRPCClient
	opts   []grpc.CallOption
	md     metadata.MD
}

func newGRPCSender(endpoint, compression string, headers map[string]string) (*grpcSender, error) {
	// gRPC wants host:port; accept the http:// form people copy from collector configs.
	target := strings.TrimPrefix(strings.TrimPrefix(endpoint, "http://"), "https://")
	conn, err := grpc.NewClient(target, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, err
	}
	s := &grpcSender{conn: conn, client: ptraceotlp.NewGRPCClient(conn), md: metadata.New(headers)}
	if compression == "gzip" {
		s.opts = append(s.opts, grpc.UseCompressor(grpcgzip.Name))
	}
	return s, nil
}

func (s *grpcSender) send(ctx context.Context, td ptrace.Traces) (int64, error) {
	if len(s.md) > 0 {
		ctx = metadata.NewOutgoingContext(ctx, s.md)
	}
	resp, err := s.client.Export(ctx, ptraceotlp.NewExportRequestFromTraces(td), s.opts...)
	if err != nil {
		return 0, &sendError{"grpc_" + status.Code(err).String(), err}
	}
	return resp.PartialSuccess().RejectedSpans(), nil
}

func (s *grpcSender) close() { _ = s.conn.Close() }

type httpSender struct {
	client  *http.Client
	url     string
	json    bool
	gzip    bool
	headers map[string]string
}

func newHTTPSender(endpoint string, useJSON bool, compression string, headers map[string]string, conns int) (*httpSender, error) {
	if !strings.Contains(endpoint, "://") {
		endpoint = "http://" + endpoint
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, err
	}
	if u.Path == "" || u.Path == "/" {
		u.Path = "/v1/traces"
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = conns // one keep-alive connection per worker
	return &httpSender{client: &http.Client{Transport: tr}, url: u.String(), json: useJSON, gzip: compression == "gzip", headers: headers}, nil
}

func (s *httpSender) send(ctx context.Context, td ptrace.Traces) (int64, error) {
	req := ptraceotlp.NewExportRequestFromTraces(td)
	var body []byte
	var err error
	contentType := "application/x-protobuf"
	if s.json {
		contentType = "application/json"
		body, err = req.MarshalJSON()
	} else {
		body, err = req.MarshalProto()
	}
	if err != nil {
		return 0, &sendError{"marshal", err}
	}
	if s.gzip {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		_, _ = zw.Write(body)
		_ = zw.Close()
		body = b.Bytes()
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return 0, &sendError{"request", err}
	}
	hreq.Header.Set("Content-Type", contentType)
	if s.gzip {
		hreq.Header.Set("Content-Encoding", "gzip")
	}
	for k, v := range s.headers {
		hreq.Header.Set(k, v)
	}
	resp, err := s.client.Do(hreq)
	if err != nil {
		label := "http_transport"
		if errors.Is(err, context.DeadlineExceeded) {
			label = "http_timeout"
		}
		return 0, &sendError{label, err}
	}
	defer resp.Body.Close()
	respBody, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return 0, &sendError{fmt.Sprintf("http_%d", resp.StatusCode), fmt.Errorf("%s: %s", resp.Status, statusMessage(resp, respBody))}
	}
	return partialRejected(resp, respBody), nil
}

func (s *httpSender) close() { s.client.CloseIdleConnections() }

// statusMessage extracts the google.rpc.Status message OTLP/HTTP servers put in error bodies.
func statusMessage(resp *http.Response, body []byte) string {
	if strings.Contains(resp.Header.Get("Content-Type"), "protobuf") {
		var st spb.Status
		if proto.Unmarshal(body, &st) == nil && st.GetMessage() != "" {
			return st.GetMessage()
		}
		return "(binary body)"
	}
	const maxLen = 200
	msg := strings.TrimSpace(string(body))
	if len(msg) > maxLen {
		msg = msg[:maxLen] + "…"
	}
	return msg
}

func partialRejected(resp *http.Response, body []byte) int64 {
	if len(body) == 0 {
		return 0
	}
	er := ptraceotlp.NewExportResponse()
	var err error
	if strings.Contains(resp.Header.Get("Content-Type"), "json") {
		err = er.UnmarshalJSON(body)
	} else {
		err = er.UnmarshalProto(body)
	}
	if err != nil {
		return 0
	}
	return er.PartialSuccess().RejectedSpans()
}
