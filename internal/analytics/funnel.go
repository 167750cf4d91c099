package analytics

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// DefaultFunnelStages returns the seed's funnel, in order.
func DefaultFunnelStages() []string {
	return []string{"ai_query", "response_received", "satisfied", "action_taken", "converted"}
}

// MaxFunnelStages is windowFunnel's limit on conditions.
const MaxFunnelStages = 32

// Funnel is the ordered funnel of the range with its leaks.
type Funnel struct {
	Stages      []FunnelStage `json:"stages"`
	Bottlenecks []Bottleneck  `json:"bottlenecks"`
}

// FunnelStage counts the users who reached a stage in order within the window; conversion_rate
// is the percentage of the users who entered the first stage.
type FunnelStage struct {
	Stage          string  `json:"stage"`
	UniqueUsers    uint64  `json:"unique_users"`
	ConversionRate float64 `json:"conversion_rate"`
}

// Bottleneck is a step where more than min_drop_off percent of the users were lost.
type Bottleneck struct {
	From           string  `json:"from"`
	To             string  `json:"to"`
	DropOffPercent float64 `json:"drop_off_percent"`
}

// funnelSQL: windowFunnel per user over the reported and derived stages (timestamps in ms, as
// it takes no DateTime64), then the number of users per reached level. With event dimensions,
// only users with matching events. An app that also reports ai_query / response_received
// itself only adds events at the same steps: windowFunnel still counts each user once.
const funnelSQL = `
SELECT level, count() FROM (
	SELECT user_id, windowFunnel({window_ms:UInt64})(at_ms, %STAGES%) AS level
	FROM (` + funnelStagesSQL + `)
	WHERE {dims:UInt8} = 0 OR user_id IN (SELECT user_id FROM {{db}}.genai_events WHERE ` + eventWhere + `)
	GROUP BY user_id
)
WHERE level > 0
GROUP BY level`

// Funnel computes the ordered funnel over stages within window per user.
func (s *Store) Funnel(ctx context.Context, f Filter, stages []string, window time.Duration, minDropOff float64) (Funnel, error) {
	if len(stages) == 0 || len(stages) > MaxFunnelStages {
		return Funnel{}, fmt.Errorf("funnel: between 1 and %d stages required, got %d", MaxFunnelStages, len(stages))
	}
	params := funnelStageParams(stages)
	params["window_ms"], params["dims"] = fmt.Sprint(window.Milliseconds()), "0"
	if f.HasEventDimensions() {
		params["dims"] = "1"
	}
	conds := make([]string, len(stages))
	for i, st := range stages {
		name := fmt.Sprintf("stage%d", i)
		params[name] = st
		conds[i] = "stage = {" + name + ":String}"
	}
	tmpl := strings.ReplaceAll(funnelSQL, "%STAGES%", strings.Join(conds, ", "))
	atLevel := make([]uint64, len(stages)+1)
	err := s.query(ctx, "funnel", f, params, tmpl, func(r driver.Rows) error {
		var level uint8
		var n uint64
		if err := r.Scan(&level, &n); err != nil {
			return err
		}
		if int(level) < len(atLevel) {
			atLevel[level] = n
		}
		return nil
	})
	if err != nil {
		return Funnel{}, err
	}
	return buildFunnel(stages, atLevel, minDropOff), nil
}

// buildFunnel turns "users whose furthest level is L" into users reaching each stage.
func buildFunnel(stages []string, atLevel []uint64, minDropOff float64) Funnel {
	out := Funnel{Stages: make([]FunnelStage, len(stages)), Bottlenecks: []Bottleneck{}}
	var reached uint64
	for i := len(stages); i >= 1; i-- {
		reached += atLevel[i]
		out.Stages[i-1] = FunnelStage{Stage: stages[i-1], UniqueUsers: reached}
	}
	first := out.Stages[0].UniqueUsers
	for i := range out.Stages {
		out.Stages[i].ConversionRate = percent(out.Stages[i].UniqueUsers, first)
		if i == 0 {
			continue
		}
		prev := out.Stages[i-1].UniqueUsers
		if prev == 0 {
			continue
		}
		drop := 100 - percent(out.Stages[i].UniqueUsers, prev)
		if drop > minDropOff {
			out.Bottlenecks = append(out.Bottlenecks, Bottleneck{From: out.Stages[i-1].Stage, To: out.Stages[i].Stage, DropOffPercent: drop})
		}
	}
	return out
}
