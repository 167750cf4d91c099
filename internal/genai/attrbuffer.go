package genai

// AttributeBuffer hands out the OtherAttributes of many events from shared arrays: one
// allocation per chunk instead of one per event (converting a span into a row allocated its
// ~10 attributes on their own). Events converted through one buffer keep each other's chunk
// alive, so it suits events that live and die together, such as the rows of one request. The
// zero value is ready to use; a nil *AttributeBuffer allocates per event.
type AttributeBuffer struct {
	chunk []Attribute // the current chunk's free tail, len 0
	next  int         // the next chunk's size: chunks grow, so a small request wastes little
}

const (
	firstAttributeChunk = 32
	maxAttributeChunk   = 1024
)

// take returns an empty slice with room for exactly n attributes, capped: appending beyond
// them reallocates instead of overwriting the next event's.
func (b *AttributeBuffer) take(n int) []Attribute {
	if b == nil {
		return make([]Attribute, 0, n)
	}
	if cap(b.chunk) < n {
		size := max(b.next, firstAttributeChunk)
		b.next = min(2*size, maxAttributeChunk)
		b.chunk = make([]Attribute, 0, max(size, n))
	}
	out := b.chunk[:0:n]
	b.chunk = b.chunk[n:n]
	return out
}
