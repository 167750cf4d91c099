package genai

import (
	"crypto/sha1" //nolint:gosec // a name-based UUID (RFC 9562 v5), not a security use
	"time"

	"github.com/google/uuid"
	"go.opentelemetry.io/collector/pdata/pcommon"
)

// Event is one GenAI call as analytics sees it: one row of genai_events.
type Event struct {
	EventID          uuid.UUID
	Timestamp        time.Time
	TenantID         string
	UserID           string
	SessionID        string
	TraceID          string
	SpanID           string
	ServiceName      string
	Operation        string
	Provider         string
	RequestModel     string
	ResponseModel    string
	Temperature      *float64
	InputTokens      uint32
	OutputTokens     uint32
	CacheReadTokens  uint32
	CacheWriteTokens uint32
	ReasoningTokens  uint32
	CostUSD          *float64
	CostSource       string
	LatencyMs        float64
	Query            string
	QueryFingerprint uint64
	Response         string
	ResponseID       string
	ResponseLength   uint32
	FinishReason     string
	Error            bool
	ErrorType        string
	ZeroResult       bool
	ZeroResultReason string
	QueryCategory    string
	UserSource       string
	FeatureVersion   string
	UserSegment      string
	Geography        string
	AnomalyFlags     []string
	// OtherAttributes fill the attributes Map column. Not named Attributes: persistent-queue
	// records of earlier versions hold a map[string]string under that name, which gob could
	// not decode into this type (the exporter converts them).
	OtherAttributes Attributes
}

// eventIDNamespace scopes the name-based event ids of this project.
var eventIDNamespace = uuid.MustParse("6f1c2a8e-4d3b-5e7f-9a0b-1c2d3e4f5a6b")

// EventIDFor derives a deterministic event id from a span's trace and span ids, so a span that
// is retried or replayed always maps to the same row key (what deduplication relies on).
func EventIDFor(traceID pcommon.TraceID, spanID pcommon.SpanID) uuid.UUID {
	// The same UUID as uuid.NewHash(sha1.New(), eventIDNamespace, name, 5), hashed from a
	// stack buffer: NewHash allocates a hasher and a slice per call (one per span).
	var input [16 + 24]byte
	copy(input[:16], eventIDNamespace[:])
	copy(input[16:32], traceID[:])
	copy(input[32:], spanID[:])
	sum := sha1.Sum(input[:]) //nolint:gosec // see the import
	var id uuid.UUID
	copy(id[:], sum[:16])
	id[6] = id[6]&0x0f | 5<<4 // version 5
	id[8] = id[8]&0x3f | 0x80 // RFC 4122 variant
	return id
}
