package analyticstest

import (
	"sort"
	"time"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
)

// The Expect* functions answer each analysis by brute force over the dataset, following the
// documented definitions, so the SQL is checked against an independent implementation.

func matches(e Event, f analytics.Filter) bool {
	return e.Tenant == f.Tenant && !e.Timestamp.Before(f.From) && e.Timestamp.Before(f.To) &&
		(f.Model == "" || e.Model == f.Model) && (f.Service == "" || e.Service == f.Service) &&
		(f.FeatureVersion == "" || e.FeatureVersion == f.FeatureVersion) &&
		(f.UserSegment == "" || e.UserSegment == f.UserSegment) && (f.Geography == "" || e.Geography == f.Geography)
}

func (d *Dataset) filtered(f analytics.Filter) []Event {
	var out []Event
	for _, e := range d.Final() {
		if matches(e, f) {
			out = append(out, e)
		}
	}
	return out
}

func inRange(ts time.Time, f analytics.Filter) bool { return !ts.Before(f.From) && ts.Before(f.To) }

// score is the satisfaction score of a feedback row (nil: not a scored type).
func score(fb Feedback) *float64 {
	var s float64
	switch {
	case fb.Type == "thumbs_up":
		s = 1
	case fb.Type == "thumbs_down":
		s = 0
	case fb.Type == "rating" && fb.Rating != nil && *fb.Rating >= 1 && *fb.Rating <= 5:
		s = (float64(*fb.Rating) - 1) / 4
	default:
		return nil
	}
	return &s
}

// links reports whether feedback names the event.
func links(fb Feedback, e Event) bool {
	if fb.ResponseID != "" {
		return fb.ResponseID == e.ResponseID
	}
	return fb.TraceID == e.TraceID && fb.SpanID == e.SpanID
}

type group struct {
	first             Event
	n, errors, zero   uint64
	users             map[string]bool
	latency, scoreSum float64
	scores            int
}

// ExpectPopularQueries answers popular-queries.
func (d *Dataset) ExpectPopularQueries(f analytics.Filter, limit int) []analytics.PopularQuery {
	groups := map[uint64]*group{}
	for _, e := range d.filtered(f) {
		if e.Query == "" {
			continue
		}
		g := groups[e.Fingerprint]
		if g == nil {
			g = &group{first: e, users: map[string]bool{}}
			groups[e.Fingerprint] = g
		}
		if e.Timestamp.Before(g.first.Timestamp) {
			g.first = e
		}
		g.n++
		g.users[e.User] = true
		g.latency += e.LatencyMs
		if e.Error {
			g.errors++
		}
		if e.ZeroResult {
			g.zero++
		}
	}
	events := d.filtered(f)
	for _, fb := range d.FinalFeedback() {
		s := score(fb)
		if fb.Tenant != f.Tenant || fb.Timestamp.Before(f.From) || s == nil {
			continue
		}
		for _, e := range events {
			if e.Query != "" && links(fb, e) {
				g := groups[e.Fingerprint]
				g.scoreSum += *s
				g.scores++
			}
		}
	}
	out := []analytics.PopularQuery{}
	for _, g := range groups {
		q := analytics.PopularQuery{Query: g.first.Query, Count: g.n, UniqueUsers: uint64(len(g.users)),
			AverageLatencyMs: g.latency / float64(g.n), ResultedInError: g.errors, ZeroResults: g.zero}
		if g.scores > 0 {
			avg := g.scoreSum / float64(g.scores)
			q.AvgSatisfactionScore = &avg
		}
		out = append(out, q)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Query < out[j].Query
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// ExpectZeroResults answers zero-results.
func (d *Dataset) ExpectZeroResults(f analytics.Filter) analytics.ZeroResults {
	out := analytics.ZeroResults{AffectedQueries: []analytics.AffectedQuery{}}
	first := map[uint64]Event{}
	counts := map[uint64]uint64{}
	for _, e := range d.filtered(f) {
		out.Total++
		if !e.ZeroResult {
			continue
		}
		out.ZeroResults++
		if e.Query == "" {
			continue
		}
		if cur, ok := first[e.Fingerprint]; !ok || e.Timestamp.Before(cur.Timestamp) {
			first[e.Fingerprint] = e
		}
		counts[e.Fingerprint]++
	}
	if out.Total > 0 {
		out.ZeroResultRate = float64(out.ZeroResults) * 100 / float64(out.Total)
	}
	for fp, n := range counts {
		out.AffectedQueries = append(out.AffectedQueries, analytics.AffectedQuery{Query: first[fp].Query, Count: n})
	}
	sort.Slice(out.AffectedQueries, func(i, j int) bool {
		a, b := out.AffectedQueries[i], out.AffectedQueries[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Query < b.Query
	})
	if len(out.AffectedQueries) > 10 {
		out.AffectedQueries = out.AffectedQueries[:10]
	}
	return out
}

type satAcc struct {
	total, ratings, up, down, follow, share, save uint64
	ratingSum                                     float64
}

func (a *satAcc) add(fb Feedback) {
	a.total++
	switch fb.Type {
	case "rating":
		if fb.Rating != nil && *fb.Rating >= 1 && *fb.Rating <= 5 {
			a.ratings++
			a.ratingSum += float64(*fb.Rating)
		}
	case "thumbs_up":
		a.up++
	case "thumbs_down":
		a.down++
	case "follow_up":
		a.follow++
	case "share":
		a.share++
	case "save":
		a.save++
	}
}

func (a *satAcc) result(groupName string) analytics.Satisfaction {
	pct := func(n uint64) float64 { return float64(n) * 100 / float64(a.total) }
	s := analytics.Satisfaction{Group: groupName, Total: a.total}
	if a.total > 0 {
		s.ThumbsUpRate, s.ThumbsDownRate = pct(a.up), pct(a.down)
		s.FollowUpRate, s.ShareRate, s.SaveRate = pct(a.follow), pct(a.share), pct(a.save)
		s.NetSatisfactionScore = s.ThumbsUpRate - s.ThumbsDownRate
	}
	if a.ratings > 0 {
		avg := a.ratingSum / float64(a.ratings)
		s.AvgRating = &avg
	}
	return s
}

// ExpectSatisfaction answers satisfaction (groupBy "", "model" or "feature_version").
func (d *Dataset) ExpectSatisfaction(f analytics.Filter, groupBy string) []analytics.Satisfaction {
	events := d.filtered(f)
	if groupBy == "" {
		var acc satAcc
		for _, fb := range d.FinalFeedback() {
			if fb.Tenant != f.Tenant || !inRange(fb.Timestamp, f) {
				continue
			}
			if f.HasEventDimensions() && !linksAny(fb, events) {
				continue
			}
			acc.add(fb)
		}
		return []analytics.Satisfaction{acc.result("")}
	}
	accs := map[string]*satAcc{}
	for _, fb := range d.FinalFeedback() {
		if fb.Tenant != f.Tenant || !inRange(fb.Timestamp, f) {
			continue
		}
		for _, e := range events {
			if !links(fb, e) {
				continue
			}
			key := e.Model
			if groupBy == "feature_version" {
				key = e.FeatureVersion
			}
			if accs[key] == nil {
				accs[key] = &satAcc{}
			}
			accs[key].add(fb)
		}
	}
	out := []analytics.Satisfaction{}
	for k, a := range accs {
		out = append(out, a.result(k))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Group < out[j].Group })
	return out
}

func linksAny(fb Feedback, events []Event) bool {
	for _, e := range events {
		if links(fb, e) {
			return true
		}
	}
	return false
}

// ExpectResponseSentiment answers satisfaction?response_id=.
func (d *Dataset) ExpectResponseSentiment(f analytics.Filter, responseID string) analytics.ResponseSentiment {
	var out analytics.ResponseSentiment
	for _, fb := range d.FinalFeedback() {
		if fb.Tenant != f.Tenant || !inRange(fb.Timestamp, f) || fb.ResponseID != responseID {
			continue
		}
		switch {
		case fb.Type == "thumbs_up" || fb.Type == "share" || fb.Type == "save" || (fb.Type == "rating" && *fb.Rating >= 4):
			out.Positive++
		case fb.Type == "thumbs_down" || (fb.Type == "rating" && *fb.Rating <= 2):
			out.Negative++
		default:
			out.Neutral++
		}
	}
	return out
}

func (d *Dataset) activeUsers(f analytics.Filter) map[string]bool {
	users := map[string]bool{}
	for _, e := range d.filtered(f) {
		users[e.User] = true
	}
	return users
}

// ExpectFunnel answers funnel: per user the longest in-order chain of stages that starts at
// a first-stage event and ends within window of it.
func (d *Dataset) ExpectFunnel(f analytics.Filter, stages []string, window time.Duration, minDropOff float64) analytics.Funnel {
	byUser := map[string][]FunnelEvent{}
	active := d.activeUsers(f)
	for _, fe := range d.FunnelStages(f) {
		if f.HasEventDimensions() && !active[fe.User] {
			continue
		}
		byUser[fe.User] = append(byUser[fe.User], fe)
	}
	reached := make([]uint64, len(stages))
	for _, evs := range byUser {
		sort.Slice(evs, func(i, j int) bool { return evs[i].Timestamp.Before(evs[j].Timestamp) })
		best := 0
		for i, start := range evs {
			if start.Stage != stages[0] {
				continue
			}
			level := 1
			for _, next := range evs[i+1:] {
				if level < len(stages) && next.Stage == stages[level] && next.Timestamp.Sub(start.Timestamp) <= window {
					level++
				}
			}
			best = max(best, level)
		}
		for l := 0; l < best; l++ {
			reached[l]++
		}
	}
	out := analytics.Funnel{Bottlenecks: []analytics.Bottleneck{}}
	for i, st := range stages {
		rate := 0.0
		if reached[0] > 0 {
			rate = float64(reached[i]) * 100 / float64(reached[0])
		}
		out.Stages = append(out.Stages, analytics.FunnelStage{Stage: st, UniqueUsers: reached[i], ConversionRate: rate})
		if i > 0 && reached[i-1] > 0 {
			drop := 100 - float64(reached[i])*100/float64(reached[i-1])
			if drop > minDropOff {
				out.Bottlenecks = append(out.Bottlenecks, analytics.Bottleneck{From: stages[i-1], To: st, DropOffPercent: drop})
			}
		}
	}
	return out
}

// CriteriaMembers resolves a criteria cohort: users with an event matching the dimensions whose
// first event (any) falls in the first-seen range.
func (d *Dataset) CriteriaMembers(tenant string, c analytics.CohortCriteria) map[string]bool {
	first := map[string]time.Time{}
	match := map[string]bool{}
	for _, e := range d.Final() {
		if e.Tenant != tenant || e.User == "" {
			continue
		}
		if t, ok := first[e.User]; !ok || e.Timestamp.Before(t) {
			first[e.User] = e.Timestamp
		}
		if (c.FeatureVersion == "" || e.FeatureVersion == c.FeatureVersion) &&
			(c.UserSegment == "" || e.UserSegment == c.UserSegment) && (c.Geography == "" || e.Geography == c.Geography) {
			match[e.User] = true
		}
	}
	out := map[string]bool{}
	for u := range match {
		t := first[u]
		if (c.FirstSeenFrom == nil || !t.Before(*c.FirstSeenFrom)) && (c.FirstSeenTo == nil || t.Before(*c.FirstSeenTo)) {
			out[u] = true
		}
	}
	return out
}

// ExpectCohort answers one cohort of cohorts/compare.
func (d *Dataset) ExpectCohort(f analytics.Filter, id string, members map[string]bool, conversionStage string) analytics.CohortComparison {
	out := analytics.CohortComparison{CohortID: id}
	users := map[string]bool{}
	var latency, cost float64
	for _, e := range d.filtered(f) {
		if !members[e.User] {
			continue
		}
		out.TotalQueries++
		users[e.User] = true
		latency += e.LatencyMs
		if e.CostUSD != nil {
			cost += *e.CostUSD
		}
	}
	out.UniqueUsers = uint64(len(users))
	if out.TotalQueries > 0 {
		out.AvgLatencyMs = latency / float64(out.TotalQueries)
	}
	if out.UniqueUsers > 0 {
		out.CostPerUser = cost / float64(out.UniqueUsers)
	}
	var sum float64
	var n int
	for _, fb := range d.FinalFeedback() {
		if s := score(fb); s != nil && fb.Tenant == f.Tenant && inRange(fb.Timestamp, f) && users[fb.User] {
			sum += *s
			n++
		}
	}
	if n > 0 {
		avg := sum / float64(n)
		out.AvgSatisfaction = &avg
	}
	converted := map[string]bool{}
	for _, fe := range d.FunnelStages(f) {
		if fe.Stage == conversionStage && users[fe.User] {
			converted[fe.User] = true
		}
	}
	if out.UniqueUsers > 0 {
		out.ConversionRate = float64(len(converted)) * 100 / float64(out.UniqueUsers)
	}
	return out
}

// ExpectCostSegments answers cost-segments.
func (d *Dataset) ExpectCostSegments(f analytics.Filter, segmentBy string, limit int) []analytics.CostSegment {
	type acc struct {
		total   float64
		calls   uint64
		users   map[string]bool
		byModel map[string]float64
	}
	accs := map[string]*acc{}
	for _, e := range d.filtered(f) {
		key := map[string]string{"user_segment": e.UserSegment, "feature_version": e.FeatureVersion,
			"geography": e.Geography, "user": e.User}[segmentBy]
		a := accs[key]
		if a == nil {
			a = &acc{users: map[string]bool{}, byModel: map[string]float64{}}
			accs[key] = a
		}
		a.calls++
		a.users[e.User] = true
		if e.CostUSD != nil {
			a.total += *e.CostUSD
			a.byModel[e.Model] += *e.CostUSD
		}
	}
	out := []analytics.CostSegment{}
	for k, a := range accs {
		seg := analytics.CostSegment{Segment: k, TotalCostUSD: a.total, UserCount: uint64(len(a.users)),
			CostPerUser: a.total / float64(len(a.users)), CostPerQuery: a.total / float64(a.calls),
			TopCostDrivers: []analytics.CostDriver{}}
		for m, c := range a.byModel {
			if c > 0 {
				seg.TopCostDrivers = append(seg.TopCostDrivers, analytics.CostDriver{Type: m, Cost: c})
			}
		}
		sort.Slice(seg.TopCostDrivers, func(i, j int) bool {
			if seg.TopCostDrivers[i].Cost != seg.TopCostDrivers[j].Cost {
				return seg.TopCostDrivers[i].Cost > seg.TopCostDrivers[j].Cost
			}
			return seg.TopCostDrivers[i].Type < seg.TopCostDrivers[j].Type
		})
		if len(seg.TopCostDrivers) > 3 {
			seg.TopCostDrivers = seg.TopCostDrivers[:3]
		}
		out = append(out, seg)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].TotalCostUSD != out[j].TotalCostUSD {
			return out[i].TotalCostUSD > out[j].TotalCostUSD
		}
		return out[i].Segment < out[j].Segment
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

// ExpectAnomalies answers anomalies (kind and severity filters as in the API).
func (d *Dataset) ExpectAnomalies(f analytics.Filter, kind, severity string) []analytics.Anomaly {
	out := []analytics.Anomaly{}
	for _, a := range d.Alerts {
		if a.Tenant != f.Tenant || !inRange(a.Timestamp, f) || (f.Model != "" && a.Model != f.Model) ||
			(kind != "" && a.Type != kind) || (severity != "" && a.Severity != severity) {
			continue
		}
		out = append(out, analytics.Anomaly{AlertID: a.AlertID, Timestamp: a.Timestamp, TenantID: a.Tenant,
			Provider: a.Provider, Model: a.Model, Type: a.Type, Severity: a.Severity, Metric: a.Metric,
			ExpectedValue: a.Expected, ActualValue: a.Actual, Description: a.Description,
			WindowStart: a.WindowStart, WindowEnd: a.WindowEnd, ResolvedAt: a.ResolvedAt})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Timestamp.After(out[j].Timestamp) })
	return out
}

// TopicOf returns the topic index of a dataset query text (any variant), -1 if unknown.
func TopicOf(text string) int {
	fp := Fingerprint(text)
	for _, q := range queries {
		if Fingerprint(q.text) == fp {
			return q.topic
		}
	}
	return -1
}

// ExpectPopularQueriesAll returns every filtered call with a query (for totals).
func (d *Dataset) ExpectPopularQueriesAll(f analytics.Filter) []Event {
	var out []Event
	for _, e := range d.filtered(f) {
		if e.Query != "" {
			out = append(out, e)
		}
	}
	return out
}
