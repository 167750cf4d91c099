package clickhouseanalyticsexporter

import (
	"errors"
	"fmt"

	"github.com/klauspost/compress/s2"
)

// Queue records are compressed as one S2 block: queued rows repeat attribute keys, model
// names and phrasing, and the persistent queue's cost (bbolt copying and writing pages) grows
// with the bytes it stores. On loadgen rows a record shrinks ~2.8× (780 → 277 bytes per span)
// for ~1.2 µs per span to compress and decompress (BenchmarkQueueRecord).

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

// compressRecord turns an uncompressed record (spanRowsMagicV3 + rows) into spanRowsMagic + the
// rows as an S2 block, or returns it as it is when compression does not make it smaller.
func compressRecord(plain []byte) []byte {
	body := plain[len(spanRowsMagicV3):]
	out := make([]byte, len(spanRowsMagic), len(spanRowsMagic)+s2.MaxEncodedLen(len(body)))
	copy(out, spanRowsMagic)
	block := s2.Encode(out[len(out):cap(out)], body) // written in place: dst is large enough
	out = out[:len(out)+len(block)]
	if len(out) >= len(plain) || len(body) > compressedLimit(len(block)) {
		return plain
	}
	return out
}

var errRecordTooLarge = errors.New("record claims more than 256 MiB, or 64 times its compressed size")

// decompressRecord returns the rows of a compressed record's block.
func decompressRecord(block []byte) ([]byte, error) {
	n, err := s2.DecodedLen(block)
	if err != nil {
		return nil, fmt.Errorf("compressed block: %w", err)
	}
	if n > compressedLimit(len(block)) {
		return nil, errRecordTooLarge
	}
	body, err := s2.Decode(make([]byte, n), block)
	if err != nil {
		return nil, fmt.Errorf("compressed block: %w", err)
	}
	return body, nil
}
