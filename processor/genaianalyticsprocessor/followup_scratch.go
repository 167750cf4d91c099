package genaianalyticsprocessor

// followUpScratch is the working memory of one observe call: the batch's calls and their
// order. It is reused through followUps.scratch (a pool: batches are observed concurrently),
// as a fresh one cost two allocations per batch of ~90 bytes per span, with pointers the
// garbage collector had to scan.
type followUpScratch struct {
	calls []followUpCall
	order []int32
}

func (f *followUps) takeScratch() *followUpScratch {
	if s, ok := f.scratch.Get().(*followUpScratch); ok {
		return s
	}
	return &followUpScratch{}
}

// giveBackScratch drops the scratch's references to the batch (its spans and strings must
// not outlive it in the pool) and returns it to the pool.
func (f *followUps) giveBackScratch(s *followUpScratch) {
	clear(s.calls)
	s.calls, s.order = s.calls[:0], s.order[:0]
	f.scratch.Put(s)
}
