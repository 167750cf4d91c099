package feedback

import (
	"crypto/sha1" //nolint:gosec // a name-based UUID (RFC 9562 v5), not a security use
	"encoding/binary"
	"math"
	"strconv"

	"github.com/google/uuid"
)

// idNamespace scopes content-derived feedback and funnel ids.
var idNamespace = uuid.MustParse("3b0f5c1e-8a2d-5f4b-9c6e-7d1a2b3c4d5e")

// contentID is a name-based UUID over length-prefixed parts, so ("ab","c") and ("a","bc")
// differ. The same content always yields the same id: a resent event without a client id is
// deduplicated like one with.
func contentID(parts ...string) string {
	return contentUUID(parts...).String()
}

// contentUUID is the UUID of contentID.
func contentUUID(parts ...string) uuid.UUID {
	// The UUID of uuid.NewHash(sha1.New(), idNamespace, name, 5), hashed in one go from a
	// stack buffer: NewHash allocates a hasher, and the name grew by appends (allocations for
	// every implicit follow-up row).
	var stack [256]byte
	input := append(stack[:0], idNamespace[:]...)
	for _, p := range parts {
		input = binary.AppendUvarint(input, uint64(len(p)))
		input = append(input, p...)
	}
	sum := sha1.Sum(input) //nolint:gosec // see the import
	var id uuid.UUID
	copy(id[:], sum[:len(id)])
	id[6] = id[6]&0x0f | 5<<4 // version 5
	id[8] = id[8]&0x3f | 0x80 // RFC 4122 variant
	return id
}

// appendUUID appends the text of id as uuid.UUID.String writes it (lower-case hex,
// 8-4-4-4-12), so that it can share an allocation with other text.
func appendUUID(dst []byte, id uuid.UUID) []byte {
	const digits = "0123456789abcdef"
	for i, b := range id {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst = append(dst, '-')
		}
		dst = append(dst, digits[b>>4], digits[b&0x0f])
	}
	return dst
}

// withTime adds the timestamp to the id parts only when the client chose it: a resend stamped
// "now" on arrival must keep its id.
func withTime(parts []string, unixNano int64, clientTime bool) []string {
	if clientTime {
		return append(parts, strconv.FormatInt(unixNano, 10))
	}
	return append(parts, "")
}

// sortedPairs renders a map deterministically.
func sortedPairs(m map[string]string) []string {
	out := make([]string, 0, 2*len(m))
	for _, k := range sortedKeys(m) {
		out = append(out, k, m[k])
	}
	return out
}

// AssignID sets a deterministic EventID from the content when the client gave none.
// clientTime says whether Timestamp came from the client.
func (f *Feedback) AssignID(clientTime bool) {
	if f.EventID != "" {
		return
	}
	rating, score := "", ""
	if f.Rating != nil {
		rating = strconv.Itoa(int(*f.Rating))
	}
	if f.Score != nil {
		score = strconv.FormatUint(math.Float64bits(*f.Score), 16)
	}
	parts := []string{"feedback", f.TenantID, f.UserID, f.SessionID, f.ResponseID, f.TraceID, f.SpanID,
		f.Type, rating, score, f.Comment, f.Source}
	parts = append(parts, sortedPairs(f.Metadata)...)
	f.EventID = contentID(withTime(parts, f.Timestamp.UnixNano(), clientTime)...)
}

// AssignID sets a deterministic EventID from the content when the client gave none.
func (e *FunnelEvent) AssignID(clientTime bool) {
	if e.EventID != "" {
		return
	}
	parts := []string{"funnel", e.TenantID, e.UserID, e.SessionID, e.Stage}
	parts = append(parts, sortedPairs(e.Details)...)
	e.EventID = contentID(withTime(parts, e.Timestamp.UnixNano(), clientTime)...)
}
