package main

import (
	"context"
	"fmt"

	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// exportMethod is the OTLP trace export RPC.
const exportMethod = "/opentelemetry.proto.collector.trace.v1.TraceService/Export"

// rawCodec passes already-marshaled protobuf bytes through gRPC unchanged.
type rawCodec struct{}

func (rawCodec) Marshal(v any) ([]byte, error) {
	b, ok := v.(*[]byte)
	if !ok {
		return nil, fmt.Errorf("rawCodec: cannot marshal %T", v)
	}
	return *b, nil
}

func (rawCodec) Unmarshal(data []byte, v any) error {
	b, ok := v.(*[]byte)
	if !ok {
		return fmt.Errorf("rawCodec: cannot unmarshal into %T", v)
	}
	*b = append((*b)[:0], data...)
	return nil
}

func (rawCodec) Name() string { return "proto" }

// rawClient sends pre-marshaled ExportTraceServiceRequest bytes over OTLP/gRPC.
type rawClient struct{ conn *grpc.ClientConn }

func newRawClient(target string) (*rawClient, error) {
	conn, err := grpc.NewClient(target,
		grpc.WithTransportCredentials(insecure.NewCredentials()),
		grpc.WithDefaultCallOptions(grpc.ForceCodec(rawCodec{}), grpc.MaxCallSendMsgSize(64<<20)))
	if err != nil {
		return nil, fmt.Errorf("dialing %s: %w", target, err)
	}
	return &rawClient{conn: conn}, nil
}

// export sends one request and returns the spans the collector rejected in a partial success.
func (c *rawClient) export(ctx context.Context, body []byte) (int64, error) {
	var resp []byte
	if err := c.conn.Invoke(ctx, exportMethod, &body, &resp); err != nil {
		return 0, err
	}
	er := ptraceotlp.NewExportResponse()
	if err := er.UnmarshalProto(resp); err != nil {
		return 0, fmt.Errorf("decoding export response: %w", err)
	}
	return er.PartialSuccess().RejectedSpans(), nil
}

func (c *rawClient) close() { _ = c.conn.Close() }
