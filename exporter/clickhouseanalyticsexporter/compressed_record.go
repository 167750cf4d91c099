package clickhouseanalyticsexporter

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/klauspost/compress/s2"
)

// Queue records are compressed as one S2 block: queued rows repeat attribute keys, model
// names and phrasing, and the persistent queue's cost (bbolt copying and writing pages) grows
// with the bytes it stores. On loadgen rows a record shrinks ~2.8× (780 → 277 bytes per span)
// for ~1–2 µs more per span to write and read back (BenchmarkQueueRecord).

// maxRecordBytes bounds the decompressed size a record may claim before any allocation: a
// queued request is at most one OTLP request's rows, far below it. maxRecordRatio bounds it
// by the block's size too, so a damaged header cannot make every read allocate 256 MiB: real
// rows carry random ids and compress ~3×, and a record that would compress more than this
// (rows of nothing but empty fields) is written plain instead.
const (
	maxRecordBytes = 256 << 20
	maxRecordRatio = 64
)

// compressedLimit is the largest decompressed size a block of blockLen bytes may claim.
func compressedLimit(blockLen int) int { return min(maxRecordBytes, maxRecordRatio*blockLen+1024) }

// compressRecord returns spanRowsMagic + body (a record's plain layout) as an S2 block, or nil
// when compression does not make the record smaller (or would exceed maxRecordRatio).
func compressRecord(body []byte) []byte {
	out := make([]byte, len(spanRowsMagic), len(spanRowsMagic)+s2.MaxEncodedLen(len(body)))
	copy(out, spanRowsMagic)
	block := s2.Encode(out[len(out):cap(out)], body) // written in place: dst is large enough
	if len(block) >= len(body) || len(body) > compressedLimit(len(block)) {
		return nil
	}
	return out[:len(out)+len(block)]
}

var errRecordTooLarge = errors.New("record claims more than 256 MiB, or 64 times its compressed size")

// decompressRecord returns the plain layout held by a compressed record's block, as a string:
// the rows read from it are substrings of it, and nothing else refers to the buffer.
func decompressRecord(block []byte) (string, error) {
	n, err := s2.DecodedLen(block)
	if err != nil {
		return "", fmt.Errorf("compressed block: %w", err)
	}
	if n > compressedLimit(len(block)) {
		return "", errRecordTooLarge
	}
	body, err := s2.Decode(make([]byte, n), block)
	if err != nil {
		return "", fmt.Errorf("compressed block: %w", err)
	}
	return unsafe.String(unsafe.SliceData(body), len(body)), nil
}
