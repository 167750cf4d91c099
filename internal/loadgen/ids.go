package loadgen

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// All ids come from the seeded RNG: the same seed yields the same trace and span ids.

func traceID(r *rand.Rand) pcommon.TraceID {
	var id [16]byte
	binary.BigEndian.PutUint64(id[:8], r.Uint64())
	binary.BigEndian.PutUint64(id[8:], r.Uint64()|1) // never the invalid all-zero id
	return id
}

func spanID(r *rand.Rand) pcommon.SpanID {
	var id [8]byte
	binary.BigEndian.PutUint64(id[:], r.Uint64()|1)
	return id
}

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

func randString(r *rand.Rand, alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func randHex(r *rand.Rand, n int) string {
	b := make([]byte, (n+1)/2)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return hex.EncodeToString(b)[:n]
}

func uuidLike(r *rand.Rand) string {
	h := randHex(r, 32)
	return fmt.Sprintf("%s-%s-4%s-a%s-%s", h[:8], h[8:12], h[13:16], h[17:20], h[20:])
}

// responseID imitates each provider's response id format.
func responseID(r *rand.Rand, provider string) string {
	switch provider {
	case "openai":
		return "chatcmpl-" + randString(r, base62, 29)
	case "anthropic":
		return "msg_01" + randString(r, base62, 22)
	case "gcp.gemini":
		return randString(r, base62, 24)
	case "mistral_ai":
		return randHex(r, 32)
	default: // bedrock, deepseek
		return uuidLike(r)
	}
}

// stableRand is an RNG determined only by the seed and the given key, so that a user or a
// session keeps the same attributes however many spans were generated before.
func stableRand(seed uint64, key ...uint64) *rand.Rand {
	k := uint64(0x9e3779b97f4a7c15)
	for _, v := range key {
		k = (k ^ v) * 0xbf58476d1ce4e5b9
	}
	return rand.New(rand.NewPCG(seed, k))
}
