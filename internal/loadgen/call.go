package loadgen

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

// call is everything decided about one LLM call before it is written as spans.
type call struct {
	service  int
	channel  string
	model    Model
	tenant   string
	user     string
	session  string
	conv     string
	segment  string
	country  string
	topic    string
	input    []byte
	output   []byte // nil on error
	finish   string
	errType  string
	zero     bool
	duration time.Duration

	inputTokens, outputTokens, cacheRead, cacheWrite, reasoning int64
	maxTokens                                                   int64
	responseID                                                  string
}

const maxTokens = 1024

// call draws identity, model, query and outcome, then derives tokens and latency from the
// message sizes so the numbers stay mutually consistent.
func (g *Generator) call() *call {
	r := g.rng
	c := &call{maxTokens: maxTokens}
	g.identity(c)
	c.channel = channelPick.pick(r)
	if c.channel == "slack" {
		c.service = 3
	} else {
		c.service, _ = strconv.Atoi(servicePick.pick(r))
	}
	c.model = g.models[g.modelPick.index(r)]

	failed := r.Float64() < g.opts.ErrorRate
	c.zero = !failed && r.Float64() < g.opts.ZeroResultRate
	q := corpus[g.queries.Uint64()]
	if c.zero && r.Float64() < 0.7 {
		q = gapQueries[g.gaps.Uint64()]
	}
	c.topic = q.topic
	query := q.query
	if r.Float64() < 0.25 {
		query = queryVariants[r.IntN(len(queryVariants))](query)
	}

	var answer string
	switch {
	case failed:
		c.errType = errorTypePick.pick(r)
	case c.zero:
		answer = fmt.Sprintf(zeroResultAnswers[r.IntN(len(zeroResultAnswers))], topicSubjects[q.topic])
		c.finish = "stop"
	default:
		answer, c.finish = q.answer, "stop"
		switch x := r.Float64(); {
		case x < 0.03:
			answer, c.finish = cut(answer, len(answer)*6/10), "length"
		case x < 0.04:
			answer, c.finish = contentFilterAnswer, "content_filter"
		}
	}
	if !failed {
		c.output = []byte("[" + string(textMessage("assistant", answer, c.finish)) + "]")
	}

	target := g.opts.MessageBytes
	if target < 0 {
		target = 0
	}
	var turns int
	c.input, turns = inputMessages(r, g.hist, g.systems[c.service], textMessage("user", query, ""), len(c.output), target)

	if failed {
		c.duration = errorDuration(r, c.errType)
		return c
	}
	g.usage(c, len(answer), turns)
	c.responseID = responseID(r, c.model.Provider)
	c.duration = latency(r, c.model, c.outputTokens)
	return c
}

// usage approximates ~4 bytes per token from the actual message sizes.
func (g *Generator) usage(c *call, answerLen, turns int) {
	r := g.rng
	c.inputTokens = int64(float64(len(c.input)) / 4 * (0.9 + 0.2*r.Float64()))
	c.outputTokens = max(1, int64(answerLen/4))
	if c.finish == "length" {
		c.outputTokens = c.maxTokens
	}
	if c.model.Reasoning {
		c.reasoning = c.outputTokens * int64(1+r.IntN(4))
		c.outputTokens += c.reasoning
	}
	// Provider prompt caching hits when the same prefix (system + earlier turns) was seen.
	if c.model.Cache && turns > 0 {
		switch x := r.Float64(); {
		case x < 0.4:
			c.cacheRead = c.inputTokens * int64(60+r.IntN(30)) / 100
		case x < 0.5 && c.model.Provider == "anthropic":
			c.cacheWrite = c.inputTokens * int64(50+r.IntN(30)) / 100
		}
	}
}

func latency(r *rand.Rand, m Model, outTokens int64) time.Duration {
	ttft := time.Duration(float64(m.TTFT) * (0.7 + 0.8*r.Float64()))
	gen := time.Duration(float64(m.PerToken) * float64(outTokens) * (0.8 + 0.4*r.Float64()))
	return min(max(ttft+gen, 300*time.Millisecond), 8*time.Second)
}

// errorDuration: timeouts hit the client timeout, rate limits and bad requests fail fast.
func errorDuration(r *rand.Rand, errType string) time.Duration {
	span := func(lo, hi time.Duration) time.Duration {
		return lo + time.Duration(r.Float64()*float64(hi-lo))
	}
	switch errType {
	case "timeout":
		return span(6*time.Second, 8*time.Second)
	case "rate_limit":
		return span(40*time.Millisecond, 250*time.Millisecond)
	case "server_error":
		return span(300*time.Millisecond, 3*time.Second)
	default:
		return span(80*time.Millisecond, 400*time.Millisecond)
	}
}

// identity picks tenant, user and session; the per-user attributes come from stableRand so
// a user keeps its segment and country for the whole run.
func (g *Generator) identity(c *call) {
	t, u := g.tenants.Uint64(), g.users.Uint64()
	s := uint64(g.rng.IntN(g.opts.SessionsPerUser))
	ur := stableRand(g.opts.Seed, 1, t, u)
	c.tenant = tenantName(t)
	c.user = "usr_" + randHex(ur, 12)
	c.segment = segmentPick.pick(ur)
	c.country = countryPick.pick(ur)
	sr := stableRand(g.opts.Seed, 2, t, u, s)
	c.session = "sess_" + randHex(sr, 16)
	c.conv = "conv_" + randString(sr, base62, 20)
}
