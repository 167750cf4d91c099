package clickhouseanalyticsexporter

import (
	"encoding/binary"
	"fmt"
	"math"
	"time"
	"unsafe"
)

// rowWriter appends the compact binary form of queued rows (format AIAROWS3, row_codec_rows.go):
// unsigned varints for lengths, counts and small integers, little-endian 8 bytes for floats and
// 64-bit hashes, strings as length + bytes. It has no field names or type descriptions: the
// field order is the format, and a change of it is a new magic (readers keep the old one).
type rowWriter struct {
	buf []byte
}

func (w *rowWriter) uvarint(v uint64) { w.buf = binary.AppendUvarint(w.buf, v) }

func (w *rowWriter) byte(b byte) { w.buf = append(w.buf, b) }

func (w *rowWriter) str(s string) {
	w.uvarint(uint64(len(s)))
	w.buf = append(w.buf, s...)
}

func (w *rowWriter) fixed64(v uint64) { w.buf = binary.LittleEndian.AppendUint64(w.buf, v) }

func (w *rowWriter) float(v float64) { w.fixed64(math.Float64bits(v)) }

func (w *rowWriter) id(id [16]byte) { w.buf = append(w.buf, id[:]...) }

// time keeps the instant (seconds and nanoseconds since the epoch); rows carry UTC times and are
// read back in UTC.
func (w *rowWriter) time(t time.Time) {
	w.buf = binary.AppendVarint(w.buf, t.Unix())
	w.uvarint(uint64(t.Nanosecond()))
}

func (w *rowWriter) strs(list []string) {
	w.uvarint(uint64(len(list)))
	for _, s := range list {
		w.str(s)
	}
}

// rowReader reads what rowWriter wrote. The first error sticks: every later read returns a
// zero value, so decoders read a whole row and check err once. Strings are substrings of one
// copy of the record (text), not one allocation each.
type rowReader struct {
	data []byte
	text string
	pos  int
	err  error
}

func newRowReader(data []byte) *rowReader { return newRowReaderOf(string(data)) }

// newRowReaderOf reads a record already held as a string (a decompressed one: no second copy).
func newRowReaderOf(text string) *rowReader {
	return &rowReader{data: unsafe.Slice(unsafe.StringData(text), len(text)), text: text}
}

// rowCodecError says why and where a record cannot be read.
type rowCodecError struct {
	what string
	at   int
}

func (e *rowCodecError) Error() string {
	return fmt.Sprintf("queue record %s at byte %d", e.what, e.at)
}

func (r *rowReader) fail(what string) {
	if r.err == nil {
		r.err = &rowCodecError{what: what, at: r.pos}
	}
}

func (r *rowReader) uvarint() uint64 { return readVarint(r, binary.Uvarint) }

func (r *rowReader) varint() int64 { return readVarint(r, binary.Varint) }

func readVarint[T uint64 | int64](r *rowReader, decode func([]byte) (T, int)) T {
	if r.err != nil {
		return 0
	}
	v, n := decode(r.data[r.pos:])
	if n <= 0 {
		r.fail("has a truncated or overlong number")
		return 0
	}
	r.pos += n
	return v
}

func (r *rowReader) uint32() uint32 {
	v := r.uvarint()
	if v > math.MaxUint32 {
		r.fail("has a 32-bit count out of range")
		return 0
	}
	return uint32(v)
}

func (r *rowReader) byte() byte {
	if r.err != nil {
		return 0
	}
	if r.pos >= len(r.data) {
		r.fail("ends early")
		return 0
	}
	b := r.data[r.pos]
	r.pos++
	return b
}

func (r *rowReader) take(n int) (start int, ok bool) {
	if r.err != nil {
		return 0, false
	}
	if n < 0 || n > len(r.data)-r.pos {
		r.fail("ends early")
		return 0, false
	}
	start = r.pos
	r.pos += n
	return start, true
}

func (r *rowReader) str() string {
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.data)-r.pos) {
		r.fail("has a string longer than the record")
		return ""
	}
	start, ok := r.take(int(n))
	if !ok || n == 0 {
		return ""
	}
	return r.text[start : start+int(n)]
}

func (r *rowReader) fixed64() uint64 {
	start, ok := r.take(8)
	if !ok {
		return 0
	}
	return binary.LittleEndian.Uint64(r.data[start:])
}

func (r *rowReader) float() float64 { return math.Float64frombits(r.fixed64()) }

// optionalFloat reads a float written only when present (a presence bit said so).
func (r *rowReader) optionalFloat(present bool) *float64 {
	if !present {
		return nil
	}
	v := r.float()
	return &v
}

func (r *rowReader) id() (id [16]byte) {
	if start, ok := r.take(16); ok {
		copy(id[:], r.data[start:])
	}
	return id
}

func (r *rowReader) time() time.Time {
	sec := r.varint()
	nsec := r.uvarint()
	if nsec >= uint64(time.Second) {
		r.fail("has a time with nanoseconds out of range")
		return time.Time{}
	}
	if r.err != nil {
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}

// count reads a list length and checks it against the bytes left (each item takes at least
// minBytes), so a corrupt length fails instead of allocating gigabytes.
func (r *rowReader) count(minBytes int) int {
	n := r.uvarint()
	if r.err != nil {
		return 0
	}
	if n > uint64((len(r.data)-r.pos)/minBytes) {
		r.fail("has a list longer than the record")
		return 0
	}
	return int(n)
}

func (r *rowReader) strs() []string {
	n := r.count(1)
	if n == 0 {
		return nil
	}
	list := make([]string, n)
	for i := range list {
		list[i] = r.str()
	}
	return list
}

// done fails when bytes are left over: the record was written by another layout.
func (r *rowReader) done() error {
	if r.err == nil && r.pos != len(r.data) {
		r.fail("has trailing bytes")
	}
	return r.err
}
