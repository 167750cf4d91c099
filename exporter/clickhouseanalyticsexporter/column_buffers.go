package clickhouseanalyticsexporter

import (
	"errors"
	"reflect"
	"sync"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Column buffers lent from one batch to the next. clickhouse-go builds every batch's columns
// anew from the server's header block, so each genai_events batch allocated all its buffers
// again: ~7 MB for 10 000 rows, ~6.5 % of the collector's allocated bytes in a profile. A
// finished batch's buffers are kept and lent to the next batch instead. As with the
// reservations (column_reserve.go), only capacity moves between batches, never content: a
// buffer is lent to an empty column only, and the driver appends to it from length zero.

// maxKeptBufferBytes bounds each kept buffer: one batch of huge responses must not pin its
// buffers for the life of the collector (a larger buffer is left to the GC, as before).
const maxKeptBufferBytes = 32 << 20

// maxFreeBufferSets bounds the sets kept between batches; one per concurrent insert is reused.
const maxFreeBufferSets = 8

// errBatchReturned: the batch's buffers went back to the pool, so it can no longer be sent
// (the driver would resend columns that another batch may be filling by then).
var errBatchReturned = errors.New("clickhouseanalytics: batch already sent or aborted")

// columnBufferPool is the exporter's free list of buffer sets. Concurrent inserts (one per
// queue consumer) each take a set of their own.
type columnBufferPool struct {
	mu   sync.Mutex
	free []*columnBufferSet
}

// columnBufferSet holds, by slot (see bufferSlots), the buffers of a finished batch, and the
// scratch slices appendEventColumns converts values in.
type columnBufferSet struct {
	buffers []reflect.Value // the zero Value where none was kept
	scratch columnScratch
}

// lend gives batch's empty columns the buffers of an earlier batch. The returned batch gives
// them back when it is sent, aborted or closed; it must be used instead of batch from then on.
func (p *columnBufferPool) lend(batch driver.Batch) *bufferedBatch {
	slots := bufferSlots(batch.Columns())
	set := p.take()
	set.lendTo(slots)
	return &bufferedBatch{Batch: batch, pool: p, set: set, slots: slots}
}

func (p *columnBufferPool) take() *columnBufferSet {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		set := p.free[n-1]
		p.free[n-1] = nil
		p.free = p.free[:n-1]
		return set
	}
	return new(columnBufferSet)
}

func (p *columnBufferPool) put(set *columnBufferSet) {
	set.scratch.release()
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.free) < maxFreeBufferSets {
		p.free = append(p.free, set)
	}
}

// lendTo installs the kept buffers, emptied, in the slots that are still empty.
func (s *columnBufferSet) lendTo(slots []reflect.Value) {
	for i, slot := range slots[:min(len(slots), len(s.buffers))] {
		buf := s.buffers[i]
		if buf.IsValid() && buf.Type() == slot.Type() && slot.Len() == 0 && buf.Cap() > slot.Cap() {
			slot.Set(buf.Slice(0, 0))
		}
	}
}

// keepFrom keeps, for each slot, the larger of its current buffer and the one kept before.
func (s *columnBufferSet) keepFrom(slots []reflect.Value) {
	if n := len(slots) - len(s.buffers); n > 0 {
		s.buffers = append(s.buffers, make([]reflect.Value, n)...)
	}
	for i, slot := range slots {
		kept := s.buffers[i]
		size := slot.Cap() * int(slot.Type().Elem().Size())
		if slot.Cap() == 0 || size > maxKeptBufferBytes {
			continue
		}
		if !kept.IsValid() || kept.Type() != slot.Type() || slot.Cap() > kept.Cap() {
			s.buffers[i] = slot.Slice(0, 0) // a copy of the slice, not a reference to the field
		}
	}
}

// bufferedBatch is a batch whose columns hold lent buffers.
type bufferedBatch struct {
	driver.Batch
	pool     *columnBufferPool
	set      *columnBufferSet
	slots    []reflect.Value
	returned bool
}

// Send sends the batch, then takes its buffers back. They are kept before sending too: a
// LowCardinality column drops its key buffer as it encodes.
func (b *bufferedBatch) Send() error {
	if b.returned {
		return errBatchReturned
	}
	b.set.keepFrom(b.slots)
	err := b.Batch.Send()
	b.giveBack()
	return err
}

// Abort ends the batch unsent and takes its buffers back.
func (b *bufferedBatch) Abort() error {
	err := b.Batch.Abort()
	b.giveBack()
	return err
}

// Close ends the batch unsent and takes its buffers back.
func (b *bufferedBatch) Close() error {
	err := b.Batch.Close()
	b.giveBack()
	return err
}

func (b *bufferedBatch) giveBack() {
	if b.returned {
		return
	}
	b.returned = true
	b.set.keepFrom(b.slots)
	b.slots = nil
	b.pool.put(b.set)
}

// scratchFor is the scratch of batch's buffer set, or a fresh one for a batch without.
func scratchFor(batch driver.Batch) *columnScratch {
	if b, ok := batch.(*bufferedBatch); ok && !b.returned {
		return &b.set.scratch
	}
	return new(columnScratch)
}
