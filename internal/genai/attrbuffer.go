package genai

import "strings"

// AttributeBuffer hands out the OtherAttributes of many events from shared arrays, and the
// texts and numbers the conversion renders (hex ids, integer attribute values, temperature and
// cost): one allocation per chunk instead of one per event (converting a span into a row
// allocated its ~10 attributes, its ids and its two optional numbers on their own). Events
// converted through one buffer keep each other's chunks alive, so it suits events that live
// and die together, such as the rows of one request. The zero value is ready to use; a nil
// *AttributeBuffer allocates per event.
type AttributeBuffer struct {
	chunk []Attribute // the current chunk's free tail, len 0
	next  int         // the next chunk's size: chunks grow, so a small request wastes little
	// texts holds rendered texts: strings taken from it stay valid, it only grows into a new
	// chunk. nextTexts is the next chunk's size, as next is for attributes.
	texts     strings.Builder
	nextTexts int
	// floats is the current chunk of numbers' free tail, len 0; nextFloats the next one's size.
	floats     []float64
	nextFloats int
	// order is the sorted order of the previous event's attributes (keptOrder).
	order keptOrder
}

const (
	firstAttributeChunk = 32
	maxAttributeChunk   = 1024
	firstTextChunk      = 1 << 10
	maxTextChunk        = 16 << 10
	firstFloatChunk     = 32
	maxFloatChunk       = 1024
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

// text returns a string holding a copy of p.
func (b *AttributeBuffer) text(p []byte) string {
	if b == nil {
		return string(p)
	}
	if b.texts.Cap()-b.texts.Len() < len(p) {
		size := max(b.nextTexts, firstTextChunk)
		b.nextTexts = min(2*size, maxTextChunk)
		b.texts = strings.Builder{}
		b.texts.Grow(max(size, len(p)))
	}
	from := b.texts.Len()
	b.texts.Write(p)
	return b.texts.String()[from:]
}

// floatPair returns room for two numbers.
func (b *AttributeBuffer) floatPair() *[2]float64 {
	if b == nil {
		return new([2]float64)
	}
	if cap(b.floats) < 2 {
		size := max(b.nextFloats, firstFloatChunk)
		b.nextFloats = min(2*size, maxFloatChunk)
		b.floats = make([]float64, 0, size)
	}
	out := (*[2]float64)(b.floats[:2])
	b.floats = b.floats[2:2]
	return out
}
