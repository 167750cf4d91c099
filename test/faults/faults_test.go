//go:build faults

package faults

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"
)

// run is the state a fault acts on.
type run struct {
	rig  *rig
	col  *collectortest.Collector
	conn driver.Conn // to the scenario's ClickHouse (reconnects after a restart)
	load *loader
	fb   *feedbackLoader // nil unless the scenario sends feedback
}

type scenario struct {
	name string
	seed uint64
	// feedback adds a logs pipeline and explicit feedback load (table genai_feedback).
	feedback bool
	// fault injects the failure and returns once it is over (ClickHouse or collector back).
	fault func(t *testing.T, r *run, outage time.Duration)
}

// durations of one run: load before the fault, the fault itself, load after it.
type durations struct{ before, outage, after time.Duration }

const (
	rate         = 5000 // spans per second, the reference load
	feedbackRate = 200  // feedback records per second in the feedback scenarios
)

func scenarios() []scenario {
	return []scenario{
		{name: "clickhouse_outage", seed: 101, fault: func(t *testing.T, r *run, outage time.Duration) {
			r.rig.ch.stop(t)
			time.Sleep(outage)
			r.rig.ch.start(t)
		}},
		{name: "collector_sigkill", seed: 102, fault: func(t *testing.T, r *run, _ time.Duration) {
			r.col.Kill()
			time.Sleep(time.Second)
			r.col = r.rig.start(t) // same data dir: the file queue replays
		}},
		// genai_events refusing inserts: the explicit feedback (logs pipeline) keeps flowing.
		{name: "one_table_failing", seed: 103, feedback: true, fault: tableFailing("genai_events", "genai_feedback", feedbackRate)},
		// genai_feedback refusing inserts (explicit feedback and the follow-ups derived from
		// spans): the events keep flowing, the follow-ups wait in their own queue.
		{name: "feedback_table_failing", seed: 105, feedback: true, fault: tableFailing("genai_feedback", "genai_events", rate)},
		{name: "collector_sigterm", seed: 104, fault: func(t *testing.T, r *run, _ time.Duration) {
			r.col.Stop(t)
			if r.col.LogContains("panic") {
				t.Errorf("collector panicked during shutdown")
			}
			time.Sleep(2 * time.Second)
			r.col = r.rig.start(t)
		}},
	}
}

func TestFaults(t *testing.T) {
	d := durations{before: 10 * time.Second, outage: 60 * time.Second, after: 10 * time.Second}
	if testing.Short() {
		d = durations{before: 5 * time.Second, outage: 15 * time.Second, after: 5 * time.Second}
	}
	for _, sc := range scenarios() {
		t.Run(sc.name, func(t *testing.T) { runScenario(t, sc, d) })
	}
}

func runScenario(t *testing.T, sc scenario, d durations) {
	began := time.Now()
	ch := startInstance(t, sc.name)
	db := "faults_" + sc.name
	r := &run{rig: newRig(t, ch, db, sc.feedback), conn: ch.conn(t)}
	r.col = r.rig.start(t)
	loadStart := time.Now()
	r.load = startLoader(t, r.rig.grpc, rate, sc.seed)
	if sc.feedback {
		r.fb = startFeedback(t, r.rig.grpc, feedbackRate, sc.seed)
	}

	time.Sleep(d.before)
	sc.fault(t, r, d.outage)
	faultEnd := time.Now()
	recovery := watchRecovery(ch, r.conn, db, faultEnd, r.load)

	time.Sleep(d.after)
	r.load.stop(drainTimeout)
	loadTime := time.Since(loadStart)
	st := r.load.stats()
	if st.givenUp > 0 {
		t.Fatalf("%d spans were never accepted by the collector (codes %s)", st.givenUp, st.codes)
	}
	rec := <-recovery
	if rec.err != nil {
		t.Fatal(rec.err)
	}
	expected := r.load.expected()
	waitStored(t, ch, r.conn, db, time.Time{}, len(expected), 3*time.Minute)
	fbNote := ""
	if r.fb != nil {
		fbNote = verifyFeedback(t, r)
	}
	time.Sleep(2 * time.Second) // let late replays land before counting duplicates
	rep := verifyExactlyOnce(t, r.conn, db, expected)
	// The achieved rate falls below the target when the collector answers slowly (the loader,
	// like an SDK, has a bounded number of requests in flight).
	t.Logf("RESULT %s: sent=%d (%.0f/s) accepted=%d genai_spans=%d %s client_retries=%d (%s) recovery=%s runtime=%s%s",
		sc.name, st.sent, float64(st.sent)/loadTime.Seconds(), st.accepted, len(expected), rep, st.retries, st.codes,
		rec.after.Round(100*time.Millisecond), time.Since(began).Round(time.Second), fbNote)
	if rep.missing != 0 || rep.doubled != 0 || rep.unexpected != 0 {
		t.Errorf("not exactly once: %s", rep)
	}
	if st.accepted != st.sent {
		t.Errorf("accepted %d of %d spans", st.accepted, st.sent)
	}
}

// verifyFeedback waits for every accepted feedback record and checks each is stored once.
func verifyFeedback(t *testing.T, r *run) string {
	t.Helper()
	r.fb.stop()
	if r.fb.givenUp > 0 {
		t.Fatalf("%d feedback records were never accepted", r.fb.givenUp)
	}
	want := r.fb.expected()
	deadline := time.Now().Add(3 * time.Minute)
	for countFeedback(t, r.conn, r.rig.database) < uint64(len(want)) && time.Now().Before(deadline) {
		time.Sleep(250 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rows, err := r.conn.Query(ctx, "SELECT event_id, count() FROM "+table(r.rig.database, "genai_feedback")+
		" FINAL WHERE tenant_id = ? GROUP BY event_id", feedbackTenant)
	if err != nil {
		t.Fatalf("reading genai_feedback: %v", err)
	}
	defer rows.Close()
	missing, doubled, unexpected := len(want), 0, 0
	for rows.Next() {
		var id string
		var n uint64
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatalf("scanning genai_feedback: %v", err)
		}
		switch {
		case !want[id]:
			unexpected++
		case n > 1:
			doubled++
			missing--
		default:
			missing--
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("reading genai_feedback: %v", err)
	}
	if missing != 0 || doubled != 0 || unexpected != 0 {
		t.Errorf("feedback not exactly once: missing=%d doubled=%d unexpected=%d of %d", missing, doubled, unexpected, len(want))
	}
	return fmt.Sprintf(" feedback_sent=%d feedback_missing=%d feedback_doubled=%d feedback_retries=%d",
		len(want), missing, doubled, r.fb.retries)
}

// countFeedback counts the distinct explicit feedback ids stored (raw, before merges).
func countFeedback(t *testing.T, conn driver.Conn, db string) uint64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var n uint64
	if err := conn.QueryRow(ctx, "SELECT uniqExact(event_id) FROM "+table(db, "genai_feedback")+" WHERE tenant_id = ?", feedbackTenant).Scan(&n); err != nil {
		t.Fatalf("counting genai_feedback: %v", err)
	}
	return n
}

type recoveryResult struct {
	after time.Duration
	err   error
}

// watchRecovery measures how long after the fault ended every span that started before its end
// is stored: the time to drain the backlog.
func watchRecovery(ch *chInstance, conn driver.Conn, db string, faultEnd time.Time, l *loader) <-chan recoveryResult {
	out := make(chan recoveryResult, 1)
	go func() {
		want := uint64(l.countBefore(faultEnd))
		deadline := faultEnd.Add(5 * time.Minute)
		var got uint64
		var err error
		for time.Now().Before(deadline) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			got, err = countDistinct(ctx, conn, db, faultEnd)
			cancel()
			if err == nil && got >= want {
				out <- recoveryResult{after: time.Since(faultEnd)}
				return
			}
			if err != nil {
				if gone := ch.gone(); gone != nil {
					out <- recoveryResult{err: gone}
					return
				}
			}
			time.Sleep(250 * time.Millisecond)
		}
		out <- recoveryResult{err: fmt.Errorf("backlog not drained within 5 min: %d of %d spans stored (last error: %v)", got, want, err)}
	}()
	return out
}

// tableFailing makes ClickHouse refuse every insert into the broken table (TOO_MANY_PARTS, a
// retryable server error) for the outage, and checks that the flowing table keeps filling at
// at least half its rate meanwhile: one failing table must not block another. The run's
// checks afterwards find every span and every feedback record stored exactly once.
func tableFailing(broken, flowing string, flowRate float64) func(t *testing.T, r *run, outage time.Duration) {
	return func(t *testing.T, r *run, outage time.Duration) {
		ctx := context.Background()
		db := r.rig.database
		counts := func() (events, feedback uint64) {
			n, err := countDistinct(ctx, r.conn, db, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			return n, countFeedback(t, r.conn, db)
		}
		ofTable := func(events, feedback uint64, name string) uint64 {
			if name == "genai_events" {
				return events
			}
			return feedback
		}
		if ev, fb := counts(); ev == 0 || fb == 0 {
			t.Fatalf("nothing stored before the fault: the scenario would prove nothing")
		}
		if err := r.conn.Exec(ctx, "ALTER TABLE "+table(db, broken)+" MODIFY SETTING parts_to_throw_insert = 1"); err != nil {
			t.Fatalf("breaking %s: %v", broken, err)
		}
		const settle = 2 * time.Second // inserts already running when the setting changed
		time.Sleep(settle)
		ev1, fb1 := counts()
		time.Sleep(outage - settle)
		ev2, fb2 := counts()
		if err := r.conn.Exec(ctx, "ALTER TABLE "+table(db, broken)+" RESET SETTING parts_to_throw_insert"); err != nil {
			t.Fatalf("repairing %s: %v", broken, err)
		}
		t.Logf("during the fault: genai_events %d -> %d, genai_feedback %d -> %d", ev1, ev2, fb1, fb2)
		if b1, b2 := ofTable(ev1, fb1, broken), ofTable(ev2, fb2, broken); b2 != b1 {
			t.Errorf("%s grew during the fault (%d -> %d): the fault did not hold", broken, b1, b2)
		}
		f1, f2 := ofTable(ev1, fb1, flowing), ofTable(ev2, fb2, flowing)
		if want := uint64(flowRate * (outage - settle).Seconds() / 2); f2-f1 < want {
			t.Errorf("%s grew by %d during the fault, want >= %d: the failing %s blocked it", flowing, f2-f1, want, broken)
		}
	}
}
