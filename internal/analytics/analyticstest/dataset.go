package analyticstest

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
)

// Tenants of the dataset: the one under test and one whose rows must never leak.
const (
	Tenant      = "acme"
	OtherTenant = "globex"
)

// From and To bound the analysed range; the dataset also has rows just outside it.
var (
	From = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	To   = From.Add(24 * time.Hour)
)

// Event is one genai_events row version. Version 2 rows are late content replacements of a
// version 1 row (same event id, later inserted_at, different latency and response).
type Event struct {
	EventID                                         uuid.UUID
	Timestamp                                       time.Time
	Tenant, User, Session, TraceID, SpanID          string
	Service, Operation, Provider, Model             string
	Input, Output, CacheRead, CacheWrite, Reasoning uint32
	CostUSD                                         *float64
	LatencyMs                                       float64
	Query                                           string
	Fingerprint                                     uint64
	Response, ResponseID                            string
	Error, ZeroResult                               bool
	FeatureVersion, UserSegment, Geography          string
	Embedding                                       []float64
	InsertedAt                                      time.Time
}

// Feedback is one genai_feedback row (Duplicate rows repeat an event id).
type Feedback struct {
	EventID                                   string
	Timestamp                                 time.Time
	Tenant, User, ResponseID, TraceID, SpanID string
	Type                                      string
	Rating                                    *uint8
}

// FunnelEvent is one genai_funnel_events row: a stage an app reported. The stages ai_query
// and response_received are not stored: the analytics API derives them from Events (see
// FunnelStages).
type FunnelEvent struct {
	EventID     string
	Timestamp   time.Time
	Tenant      string
	User, Stage string
}

// Anomaly is one genai_anomalies row.
type Anomaly struct {
	AlertID                 string
	Timestamp               time.Time
	Tenant, Provider, Model string
	Type, Severity, Metric  string
	Expected, Actual        float64
	Description             string
	WindowStart, WindowEnd  time.Time
	ResolvedAt              *time.Time
}

// Dataset is everything the tests write. Events holds every physical row (duplicates too);
// Final returns what deduplication must leave.
type Dataset struct {
	Events   []Event
	Feedback []Feedback
	Funnel   []FunnelEvent
	Alerts   []Anomaly
}

type modelChoice struct{ provider, model string }

var models = []modelChoice{
	{"openai", "gpt-5.4"}, {"openai", "gpt-5.4-mini"},
	{"anthropic", "claude-sonnet-4-5"}, {"anthropic", "claude-haiku-4-5"},
	{"acme-llm", "in-house-1"}, // no price: NULL cost
}

// queries are three topics; variants of a text share its fingerprint (case and punctuation).
var queries = []struct {
	text     string
	topic    int
	zeroRate float64
}{
	{"How much does the Pro plan cost?", 0, 0},
	{"What is the price of the Enterprise plan?", 0, 0},
	{"Pro plan price per user", 0, 0},
	{"Why is my dashboard not loading?", 1, 0.5},
	{"Dashboard not loading after login", 1, 0.5},
	{"Dashboard shows error 500", 1, 0.3},
	{"How do I export data to CSV?", 2, 0},
	{"Export report as CSV file", 2, 0.2},
	{"Can I schedule a CSV export?", 2, 0.2},
	{"Who won the football match yesterday?", 3, 1},
}

// topicAxes give every topic a direction in a 4-d embedding space.
var topicAxes = [][]float64{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}

// Fingerprint normalizes like a query fingerprint: case and punctuation do not matter.
func Fingerprint(q string) uint64 {
	var b strings.Builder
	for _, r := range strings.ToLower(q) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == ' ' {
			b.WriteRune(r)
		}
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(strings.TrimSpace(b.String())))
	return h.Sum64() | 1 // never 0 (0 means "no fingerprint")
}

// Options size the dataset.
type Options struct {
	Users          int
	EventsPerUser  int
	WithEmbeddings bool
}

// Generate builds the dataset deterministically from seed.
func Generate(seed uint64, opt Options) *Dataset {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	engine, err := pricing.NewEngine(nil, nil, true)
	if err != nil {
		panic(err) // the built-in table is static: it always loads
	}
	d := &Dataset{}
	segments := []string{"free", "pro", "enterprise"}
	geos := []string{"US", "DE", "FR", "JP"}
	versions := []string{"v1", "v2"}
	services := []string{"support-bot", "search"}
	n := 0
	for _, tenant := range []string{Tenant, OtherTenant} {
		for u := 0; u < opt.Users; u++ {
			var userEvents []Event
			user := fmt.Sprintf("u-%03d", u)
			segment, geo := segments[u%3], geos[u%4]
			version := versions[(u/2)%2]
			// The first event of a user is spread over the range (and a little before it),
			// so first-seen cohorts select a real subset.
			userStart := From.Add(-2*time.Hour + time.Duration(u*37)*time.Minute)
			for k := 0; k < opt.EventsPerUser; k++ {
				n++
				ts := userStart.Add(time.Duration(k*53)*time.Minute + time.Duration(n)*time.Second)
				q := queries[rng.IntN(len(queries))]
				text := q.text
				if rng.IntN(4) == 0 {
					text = strings.ToLower(strings.TrimRight(text, "?"))
				}
				m := models[rng.IntN(len(models))]
				ev := Event{
					EventID:        uuid.NewSHA1(uuid.NameSpaceOID, []byte(fmt.Sprintf("ev-%d", n))),
					Timestamp:      ts,
					Tenant:         tenant,
					User:           user,
					Session:        fmt.Sprintf("s-%s-%d", user, k/3),
					TraceID:        fmt.Sprintf("%032x", n),
					SpanID:         fmt.Sprintf("%016x", n),
					Service:        services[rng.IntN(2)],
					Operation:      "chat",
					Provider:       m.provider,
					Model:          m.model,
					Input:          uint32(200 + rng.IntN(3000)),
					Output:         uint32(20 + rng.IntN(800)),
					LatencyMs:      float64(300 + rng.IntN(4000)),
					Query:          text,
					Fingerprint:    Fingerprint(q.text),
					Response:       "answer " + fmt.Sprint(n),
					Error:          rng.Float64() < 0.08,
					ZeroResult:     rng.Float64() < q.zeroRate,
					FeatureVersion: version,
					UserSegment:    segment,
					Geography:      geo,
					InsertedAt:     ts.Add(time.Second),
				}
				if k%5 == 4 {
					ev.FeatureVersion = "v3" // users try a new version now and then
				}
				if u%9 == 8 {
					ev.Error = true // a user whose calls all fail never receives a response
				}
				if n%9 == 4 {
					ev.Operation = "embeddings" // not a query: no funnel stage
				}
				if rng.IntN(10) != 0 {
					ev.ResponseID = fmt.Sprintf("resp-%d", n)
				}
				if rng.IntN(3) == 0 {
					ev.CacheRead = ev.Input / 2
				}
				if m.model == "gpt-5.4" && rng.IntN(3) == 0 {
					ev.Reasoning = ev.Output / 3
				}
				if opt.WithEmbeddings {
					ev.Embedding = embedding(rng, q.topic)
				}
				if cost, _, ok := engine.Cost(pricing.Call{Provider: ev.Provider, RequestModel: ev.Model, At: ts,
					Usage: pricing.Usage{Input: int64(ev.Input), Output: int64(ev.Output), CacheRead: int64(ev.CacheRead), Reasoning: int64(ev.Reasoning)}}); ok {
					ev.CostUSD = &cost
				}
				d.Events = append(d.Events, ev)
				userEvents = append(userEvents, ev)
				if n%13 == 0 { // a late content replacement of this call
					rep := ev
					rep.LatencyMs += 1000
					rep.Response = "completed " + ev.Response
					rep.InsertedAt = ev.InsertedAt.Add(time.Minute)
					d.Events = append(d.Events, rep)
				}
				d.addFeedback(rng, ev, n)
			}
			d.addFunnel(rng, userEvents, userStart, u)
		}
	}
	d.addAlerts()
	return d
}

func embedding(rng *rand.Rand, topic int) []float64 {
	v := make([]float64, 4)
	for i := range v {
		v[i] = topicAxes[topic][i] + (rng.Float64()-0.5)*0.2
	}
	return v
}

var feedbackTypes = []string{"thumbs_up", "thumbs_up", "thumbs_down", "rating", "rating", "follow_up", "share", "save", "comment"}

func (d *Dataset) addFeedback(rng *rand.Rand, ev Event, n int) {
	if rng.IntN(3) == 0 {
		return
	}
	for j := 0; j <= rng.IntN(2); j++ {
		f := Feedback{
			EventID:   uuid.NewSHA1(uuid.NameSpaceOID, []byte(fmt.Sprintf("fb-%d-%d", n, j))).String(),
			Timestamp: ev.Timestamp.Add(time.Duration(1+rng.IntN(90)) * time.Minute),
			Tenant:    ev.Tenant,
			User:      ev.User,
			Type:      feedbackTypes[rng.IntN(len(feedbackTypes))],
		}
		if ev.ResponseID != "" {
			f.ResponseID = ev.ResponseID
		} else {
			f.TraceID, f.SpanID = ev.TraceID, ev.SpanID
		}
		if f.Type == "rating" {
			r := uint8(1 + rng.IntN(5))
			f.Rating = &r
		}
		d.Feedback = append(d.Feedback, f)
		if n%7 == 0 { // a resent feedback event: same event id
			d.Feedback = append(d.Feedback, f)
		}
	}
}

// addFunnel reports the app's stages of a user after one of the user's calls (whose ai_query
// and response_received come from the events): users stop at a stage that depends on the
// user, some steps come too late for a 1 h window, some out of order, and some apps report
// ai_query themselves too.
func (d *Dataset) addFunnel(rng *rand.Rand, events []Event, start time.Time, u int) {
	if len(events) == 0 {
		return
	}
	anchor := events[min(2, len(events)-1)]
	tenant, user := anchor.Tenant, anchor.User
	id := func(what string) string {
		return uuid.NewSHA1(uuid.NameSpaceOID, []byte(fmt.Sprintf("fn-%s-%s-%s", tenant, user, what))).String()
	}
	if u%7 == 2 { // an app that reports the query itself as well
		d.Funnel = append(d.Funnel, FunnelEvent{EventID: id("query"), Timestamp: anchor.Timestamp,
			Tenant: tenant, User: user, Stage: "ai_query"})
	}
	reported := []string{"satisfied", "action_taken", "converted"}
	ts := anchor.Timestamp.Add(5 * time.Second)
	for i := 0; i < u%5 && i < len(reported); i++ {
		step := time.Duration(1+rng.IntN(10)) * time.Minute
		if u%11 == 3 && i == 0 {
			step = 2 * time.Hour // outside a 1 h window
		}
		ts = ts.Add(step)
		d.Funnel = append(d.Funnel, FunnelEvent{EventID: id(reported[i]), Timestamp: ts, Tenant: tenant, User: user,
			Stage: reported[i]})
	}
	if u%6 == 5 { // an out-of-order "converted" before the first query: not a conversion
		d.Funnel = append(d.Funnel, FunnelEvent{EventID: id("early"), Timestamp: start, Tenant: tenant, User: user,
			Stage: "converted"})
	}
	if u%4 == 0 && len(d.Funnel) > 0 { // resent funnel event
		d.Funnel = append(d.Funnel, d.Funnel[len(d.Funnel)-1])
	}
}

func (d *Dataset) addAlerts() {
	resolved := From.Add(3*time.Hour + 5*time.Minute)
	for i, tenant := range []string{Tenant, OtherTenant} {
		for j, a := range []struct{ typ, sev, model string }{
			{"latency", "high", "gpt-5.4"}, {"error_rate", "medium", "claude-haiku-4-5"}, {"spike", "low", ""},
		} {
			ts := From.Add(time.Duration(1+j*5+i) * time.Hour)
			al := Anomaly{
				AlertID:   uuid.NewSHA1(uuid.NameSpaceOID, []byte(fmt.Sprintf("al-%s-%d", tenant, j))).String(),
				Timestamp: ts, Tenant: tenant, Provider: "openai", Model: a.model, Type: a.typ, Severity: a.sev,
				Metric: a.typ + "_metric", Expected: float64(10 + j), Actual: float64(30 + j),
				Description: a.typ + " above baseline", WindowStart: ts.Add(-time.Minute), WindowEnd: ts,
			}
			if j == 0 {
				al.ResolvedAt = &resolved
			}
			d.Alerts = append(d.Alerts, al)
		}
	}
	// One alert before the range.
	d.Alerts = append(d.Alerts, Anomaly{
		AlertID: uuid.NewSHA1(uuid.NameSpaceOID, []byte("al-old")).String(), Timestamp: From.Add(-time.Hour),
		Tenant: Tenant, Provider: "openai", Model: "gpt-5.4", Type: "cost", Severity: "low", Metric: "cost",
		WindowStart: From.Add(-61 * time.Minute), WindowEnd: From.Add(-time.Hour),
	})
}

// Final returns the events deduplication must leave: per event id the row with the latest
// inserted_at.
func (d *Dataset) Final() []Event {
	idx := map[uuid.UUID]int{}
	var out []Event
	for _, e := range d.Events {
		if i, ok := idx[e.EventID]; ok {
			if e.InsertedAt.After(out[i].InsertedAt) {
				out[i] = e
			}
			continue
		}
		idx[e.EventID] = len(out)
		out = append(out, e)
	}
	return out
}

// FinalFeedback and FinalFunnel drop resent rows (same event id).
func (d *Dataset) FinalFeedback() []Feedback {
	seen := map[string]bool{}
	var out []Feedback
	for _, f := range d.Feedback {
		if !seen[f.EventID] {
			seen[f.EventID] = true
			out = append(out, f)
		}
	}
	return out
}

// FinalFunnel drops resent funnel rows.
func (d *Dataset) FinalFunnel() []FunnelEvent {
	seen := map[string]bool{}
	var out []FunnelEvent
	for _, f := range d.Funnel {
		if !seen[f.EventID] {
			seen[f.EventID] = true
			out = append(out, f)
		}
	}
	return out
}
