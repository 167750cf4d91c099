package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"sync"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/loadgen"
)

// run is main without the process: tests call it with in-process servers. It returns the
// exit code: 0 ok, 1 failures (or setup error), 2 bad flags.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "genaiload:", err)
		return 2
	}
	gen, err := loadgen.New(cfg.gen)
	if err != nil {
		fmt.Fprintln(stderr, "genaiload:", err)
		return 2
	}
	if cfg.dryRun {
		return dryRun(gen, cfg.batch, stdout, stderr)
	}

	var s sender
	if cfg.protocol == "grpc" {
		s, err = newGRPCSender(cfg.endpoint, cfg.compression, cfg.headers)
	} else {
		s, err = newHTTPSender(cfg.endpoint, cfg.httpJSON, cfg.compression, cfg.headers, cfg.concurrency)
	}
	if err != nil {
		fmt.Fprintln(stderr, "genaiload:", err)
		return 1
	}
	defer s.close()

	st := newStats()
	start := time.Now()
	stopProgress := func() {}
	if cfg.verbose {
		stopProgress = progress(st, start, cfg.reportEvery, stderr)
	}
	interrupted := load(ctx, cfg, gen, s, st)
	elapsed := time.Since(start)
	stopProgress()

	snap := st.snapshot()
	if interrupted {
		fmt.Fprintln(stderr, "genaiload: interrupted, stopped after in-flight requests")
	}
	fmt.Fprintln(stdout, snap.summary(elapsed))
	snap.writeFailures(stdout)
	if snap.failed() && !cfg.allowFailures {
		return 1
	}
	return 0
}

// load produces batches at the requested rate and sends them with cfg.concurrency workers.
// One producer keeps the span sequence deterministic for a seed whatever the concurrency.
// It returns true when ctx was cancelled (SIGINT) before the end.
func load(ctx context.Context, cfg *config, gen *loadgen.Generator, s sender, st *stats) bool {
	jobs := make(chan ptrace.Traces, cfg.concurrency)
	var wg sync.WaitGroup
	// In-flight requests finish (or time out) even after SIGINT: only production stops.
	reqCtx := context.WithoutCancel(ctx)
	for range cfg.concurrency {
		wg.Go(func() {
			for td := range jobs {
				c, cancel := context.WithTimeout(reqCtx, cfg.timeout)
				rejected, err := s.send(c, td)
				cancel()
				st.record(int64(td.SpanCount()), rejected, err)
			}
		})
	}

	start := time.Now()
	var deadline <-chan time.Time
	if cfg.duration > 0 {
		t := time.NewTimer(cfg.duration)
		defer t.Stop()
		deadline = t.C
	}
	interrupted := false
	var produced int64
produce:
	for cfg.spans == 0 || produced < cfg.spans {
		n := int64(cfg.batch)
		if cfg.spans > 0 {
			n = min(n, cfg.spans-produced)
		}
		if cfg.rate > 0 { // batch k is due when the previous spans fit the rate
			if wait := time.Until(start.Add(time.Duration(float64(produced) / cfg.rate * float64(time.Second)))); wait > 0 {
				t := time.NewTimer(wait)
				select {
				case <-t.C:
				case <-deadline:
					t.Stop()
					break produce
				case <-ctx.Done():
					t.Stop()
					interrupted = true
					break produce
				}
			}
		}
		td := gen.Next(int(n))
		select {
		case jobs <- td:
			produced += n
		case <-deadline:
			break produce
		case <-ctx.Done():
			interrupted = true
			break produce
		}
	}
	close(jobs)
	wg.Wait()
	return interrupted
}

func progress(st *stats, start time.Time, every time.Duration, w io.Writer) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		var last int64
		lastAt := start
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				snap := st.snapshot()
				fmt.Fprintf(w, "progress: %s requests=%d current=%.0f/s\n", snap.summary(now.Sub(start)), snap.requests,
					perSecond(snap.accepted-last, now.Sub(lastAt)))
				last, lastAt = snap.accepted, now
			}
		}
	})
	return func() { close(done); wg.Wait() }
}

func dryRun(gen *loadgen.Generator, n int, stdout, stderr io.Writer) int {
	raw, err := ptraceotlp.NewExportRequestFromTraces(gen.Next(n)).MarshalJSON()
	if err == nil {
		var out bytes.Buffer
		if err = json.Indent(&out, raw, "", "  "); err == nil {
			out.WriteByte('\n')
			_, err = out.WriteTo(stdout)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "genaiload:", err)
		return 1
	}
	return 0
}
