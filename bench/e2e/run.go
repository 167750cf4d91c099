package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// result is one measured run of one collector.
type result struct {
	Kind  string `json:"kind"`  // ours | ours-persistent | contrib
	Phase string `json:"phase"` // throughput (flat out) | latency (fixed rate)
	Round int    `json:"round"`
	// TargetRate is the paced rate of the latency phase (0 = flat out).
	TargetRate float64 `json:"target_rate"`
	Sent       int64   `json:"sent"`
	Accepted   int64   `json:"accepted"`
	Failed     int64   `json:"failed"`
	Rows       int64   `json:"rows"` // distinct rows in ClickHouse (FINAL / uniqExact)
	// SendSeconds is how long spans were sent; VisibleSeconds from the first send until the
	// last row was counted in ClickHouse.
	SendSeconds    float64 `json:"send_seconds"`
	VisibleSeconds float64 `json:"visible_seconds"`
	// SendRate = Accepted / SendSeconds: the rate the collector actually took in (a paced
	// phase that falls short of TargetRate means the collector could not keep up).
	SendRate float64 `json:"send_rate"`
	// SpansPerSec = Rows / VisibleSeconds: sustained end-to-end throughput.
	SpansPerSec float64 `json:"spans_per_sec"`
	// StoredBytesPerSpan is the compressed bytes on disk of the run's database per row.
	StoredBytesPerSpan float64 `json:"stored_bytes_per_span"`
	CPUSeconds         float64 `json:"cpu_seconds"`
	CPUPer10k          float64 `json:"cpu_seconds_per_10k_spans"`
	// ClickHouseCPUPer10k is the ClickHouse server's CPU over the phase per 10k spans (only
	// with -clickhouse-pid; includes anything else that server did meanwhile).
	ClickHouseCPUPer10k float64 `json:"clickhouse_cpu_seconds_per_10k_spans,omitempty"`
	PeakRSSMB           float64 `json:"peak_rss_mib"`
	LatencyP50Ms        float64 `json:"latency_p50_ms,omitempty"`
	LatencyP99Ms        float64 `json:"latency_p99_ms,omitempty"`
	LatencyMaxMs        float64 `json:"latency_max_ms,omitempty"`
	Markers             int     `json:"markers,omitempty"`
	MarkersLost         int     `json:"markers_lost,omitempty"`
	ZeroLoss            bool    `json:"zero_loss"`
	// Server work per span over the phase (server-wide counters, like the CPU figure):
	// rows written by inserts into tables and materialized views, insert queries per 10k
	// spans, and rows rewritten by background merges until the last row was counted.
	InsertedRowsPerSpan float64 `json:"clickhouse_inserted_rows_per_span,omitempty"`
	InsertQueriesPer10k float64 `json:"clickhouse_insert_queries_per_10k_spans,omitempty"`
	MergedRowsPerSpan   float64 `json:"clickhouse_merged_rows_per_span,omitempty"`
	CollectorLogs       string  `json:"collector_log"`
}

// runner holds what every run shares.
type runner struct {
	opts    options
	pool    *requestPool
	workDir string
	sinkFor func(kind, db string) sink
}

// run starts a fresh collector on a fresh database and measures one phase.
func (r *runner) run(ctx context.Context, kind, phase string, round int) (result, error) {
	nonce := uint32(time.Now().UnixNano())
	// ours-persistent → ours_persistent: a database name that needs no quoting anywhere.
	db := fmt.Sprintf("bench_%s_%s_%d_%08x", strings.ReplaceAll(kind, "-", "_"), phase, round, nonce)
	port, err := freePort()
	if err != nil {
		return result{}, err
	}
	spec := collectorSpec{
		Kind: kind, Binary: r.opts.binary(kind), Endpoint: r.opts.clickhouse, Database: db,
		GRPCPort: port, Queue: r.opts.queue, AsyncInsert: r.opts.contribAsyncInsert,
	}
	if isOurs(kind) {
		spec.Endpoint += r.opts.oursEndpointParams
		spec.Compression = r.opts.oursCompression
		spec.Env = strings.Fields(r.opts.oursEnv)
	}
	if kind == "ours-persistent" {
		// Next to the run's config and log, on the results' disk like .data in the shipped
		// setup (a tmpfs /tmp would flatter it); fresh per run, removed after the collector
		// stopped (defers run LIFO).
		spec.QueueDir = filepath.Join(r.workDir, db+"-queue")
		defer func() {
			if err := os.RemoveAll(spec.QueueDir); err != nil {
				log.Printf("removing queue directory: %v", err)
			}
		}()
	}
	if r.opts.pprof && isOurs(kind) {
		if spec.PprofPort, err = freePort(); err != nil {
			return result{}, err
		}
	}
	s := r.sinkFor(kind, db)
	defer func() {
		if !r.opts.keepDB {
			if err := s.drop(context.WithoutCancel(ctx)); err != nil {
				log.Print(err)
			}
		}
	}()
	col, err := startCollector(spec, r.workDir)
	if err != nil {
		return result{}, err
	}
	defer col.stop()
	client, err := newRawClient(fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return result{}, err
	}
	defer client.close()

	r.pool.nonce = nonce
	res := result{Kind: kind, Phase: phase, Round: round, CollectorLogs: col.logPath}
	cpu0, err := col.cpuSeconds()
	if err != nil {
		return result{}, err
	}
	chCPU0 := r.clickhouseCPU()
	work0, err := s.serverWork(ctx)
	if err != nil {
		return result{}, err
	}
	start := time.Now()
	st := &sendStats{}
	var probe *markerProbe
	if phase == "latency" {
		res.TargetRate = r.opts.latencyRate
		if spec.PprofPort > 0 {
			go captureProfiles(ctx, spec.PprofPort, filepath.Join(r.workDir, db), r.opts.latencyDuration)
		}
		if probe, err = r.sendWithMarkers(ctx, client, s, st, nonce); err != nil {
			return result{}, err
		}
	} else {
		sendCtx, cancel := context.WithTimeout(ctx, r.opts.duration)
		if spec.PprofPort > 0 {
			go captureProfiles(sendCtx, spec.PprofPort, filepath.Join(r.workDir, db), r.opts.duration)
		}
		drive(sendCtx, client, r.pool, r.opts.workers, 0, st)
		cancel()
	}
	res.SendSeconds = time.Since(start).Seconds()
	var lastErr error
	res.Sent, res.Accepted, res.Failed, lastErr = st.snapshot()
	res.SendRate = float64(res.Accepted) / res.SendSeconds
	if lastErr != nil {
		log.Printf("%s %s round %d: %d spans failed, last error: %v", kind, phase, round, res.Failed, lastErr)
	}
	extra := int64(0)
	if probe != nil {
		extra = int64(len(probe.sent)) // marker rows are rows too
	}
	visible, err := waitForRows(ctx, s, res.Accepted+extra)
	if err != nil {
		return result{}, err
	}
	res.VisibleSeconds = visible.Sub(start).Seconds()
	// Read the server's CPU and counters before the verification queries below, which are
	// the benchmark's own work, not the collector's.
	chCPU1 := r.clickhouseCPU()
	work1, err := s.serverWork(ctx)
	if err != nil {
		return result{}, err
	}
	if res.Rows, err = s.distinctCount(ctx); err != nil {
		return result{}, err
	}
	res.Rows -= extra
	stored, err := s.storedBytes(ctx)
	if err != nil {
		return result{}, err
	}
	cpu1, err := col.cpuSeconds()
	if err != nil {
		return result{}, err
	}
	if res.PeakRSSMB, err = col.peakRSSMB(); err != nil {
		return result{}, err
	}
	res.CPUSeconds = cpu1 - cpu0
	if res.Rows > 0 {
		res.CPUPer10k = res.CPUSeconds / float64(res.Rows) * 10_000
		res.StoredBytesPerSpan = float64(stored) / float64(res.Rows+extra)
		if chCPU0 >= 0 && chCPU1 >= 0 {
			res.ClickHouseCPUPer10k = (chCPU1 - chCPU0) / float64(res.Rows) * 10_000
		}
		work := work1.since(work0)
		res.InsertedRowsPerSpan = float64(work.insertedRows) / float64(res.Rows)
		res.InsertQueriesPer10k = float64(work.insertQueries) / float64(res.Rows) * 10_000
		res.MergedRowsPerSpan = float64(work.mergedRows) / float64(res.Rows)
		res.SpansPerSec = float64(res.Rows) / res.VisibleSeconds
	}
	res.ZeroLoss = res.Failed == 0 && res.Rows == res.Accepted
	if probe != nil {
		res.LatencyP50Ms, res.LatencyP99Ms, res.LatencyMaxMs, res.Markers = probe.percentiles()
		res.MarkersLost = len(probe.sent) - res.Markers
		res.ZeroLoss = res.ZeroLoss && res.MarkersLost == 0
	}
	return res, nil
}

// clickhouseCPU is the local ClickHouse server's CPU seconds so far, or -1 when unknown.
func (r *runner) clickhouseCPU() float64 {
	if r.opts.clickhousePID <= 0 {
		return -1
	}
	s, err := processCPUSeconds(r.opts.clickhousePID)
	if err != nil {
		log.Printf("ClickHouse CPU: %v", err)
		return -1
	}
	return s
}

// sendWithMarkers paces the pool at the latency rate and, alongside, sends one marker span
// every markerEvery and polls ClickHouse for markers every pollEvery.
func (r *runner) sendWithMarkers(ctx context.Context, c *rawClient, s sink, st *sendStats, nonce uint32) (*markerProbe, error) {
	const markerEvery, pollEvery = 50 * time.Millisecond, 50 * time.Millisecond
	probe, err := newMarkerProbe(nonce)
	if err != nil {
		return nil, err
	}
	sendCtx, cancel := context.WithTimeout(ctx, r.opts.latencyDuration)
	defer cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		drive(sendCtx, c, r.pool, r.opts.workers, r.opts.latencyRate, st)
	}()
	pollErr := make(chan error, 1)
	pollCtx, stopPoll := context.WithCancel(ctx)
	go func() {
		for pollCtx.Err() == nil {
			if _, err := probe.poll(pollCtx, s); err != nil && pollCtx.Err() == nil {
				pollErr <- err
				return
			}
			_ = waitCtx(pollCtx, pollEvery)
		}
		pollErr <- nil
	}()
	var seq uint32
	for sendCtx.Err() == nil {
		seq++
		// A marker in flight when sending stops must still complete: it is counted as sent.
		mctx, mcancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		err := probe.send(mctx, c, seq)
		mcancel()
		if err != nil {
			stopPoll()
			return nil, fmt.Errorf("sending marker: %w", err)
		}
		_ = waitCtx(sendCtx, markerEvery)
	}
	<-done
	// Let the last markers arrive, also through a backlog when the collector fell behind;
	// markers still missing after that are reported as lost (and zero loss fails).
	deadline := time.Now().Add(120 * time.Second)
	for time.Now().Before(deadline) {
		missing, err := probe.poll(ctx, s)
		if err != nil {
			stopPoll()
			return nil, err
		}
		if missing == 0 {
			break
		}
		_ = waitCtx(ctx, pollEvery)
	}
	stopPoll()
	if err := <-pollErr; err != nil {
		return nil, err
	}
	return probe, nil
}

// waitForRows polls until at least want rows are counted, and returns when that was seen.
// It gives up after 60 s without progress (rows lost or the collector stuck).
func waitForRows(ctx context.Context, s sink, want int64) (time.Time, error) {
	var last int64 = -1
	lastProgress := time.Now()
	for {
		n, err := s.count(ctx)
		if err != nil {
			return time.Time{}, err
		}
		now := time.Now()
		if n >= want {
			return now, nil
		}
		if n != last {
			last, lastProgress = n, now
		} else if now.Sub(lastProgress) > 60*time.Second {
			// Not fatal: the run is reported with its loss (zero_loss false).
			log.Printf("only %d of %d rows arrived in %s (no progress for 60s)", n, want, s.table())
			return now, nil
		}
		if err := waitCtx(ctx, 200*time.Millisecond); err != nil {
			return time.Time{}, err
		}
	}
}

// captureProfiles saves a CPU profile of the middle of a phase and a heap profile after
// it, from the pprof extension, next to the run's config and log.
func captureProfiles(ctx context.Context, port int, base string, phase time.Duration) {
	warmup := min(5*time.Second, phase/4)
	seconds := max(1, int((phase-2*warmup)/time.Second))
	if waitCtx(ctx, warmup) != nil {
		return
	}
	url := fmt.Sprintf("http://127.0.0.1:%d/debug/pprof/", port)
	if err := fetch(url+fmt.Sprintf("profile?seconds=%d", seconds), base+".cpu.pprof"); err != nil {
		log.Print(err)
		return
	}
	if err := fetch(url+"heap", base+".heap.pprof"); err != nil {
		log.Print(err)
		return
	}
	log.Printf("profiles: %s.cpu.pprof, %s.heap.pprof", base, base)
}

func fetch(url, path string) error {
	resp, err := http.Get(url) //nolint:noctx // bounded by the profile duration
	if err != nil {
		return fmt.Errorf("fetching %s: %w", url, err)
	}
	defer resp.Body.Close()
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		_ = f.Close()
		return fmt.Errorf("saving %s: %w", path, err)
	}
	return f.Close()
}
