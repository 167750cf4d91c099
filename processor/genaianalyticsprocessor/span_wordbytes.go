package genaianalyticsprocessor

import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/swar"

// nonWordBytes has the high bit set of each byte of x (8 bytes, little-endian) that is not a
// word byte (isWordByte), exactly: wordStarts.find visits every set bit. Each test adds to the
// low 7 bits of a byte a constant that sets its high bit when the byte is at least some bound,
// and no sum reaches the next byte.
func nonWordBytes(x uint64) uint64 {
	low := x &^ swar.Highs
	lower := low | 0x20*swar.Ones // folds A–Z onto a–z and nothing else onto them
	letter := (lower + (0x80-'a')*swar.Ones) &^ (lower + (0x80-'z'-1)*swar.Ones)
	digit := (low + (0x80-'0')*swar.Ones) &^ (low + (0x80-'9'-1)*swar.Ones)
	return ^(x | letter | digit) & swar.Highs
}
