package analytics

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// CohortKindCriteria and CohortKindMembers are the two ways to define a cohort.
const (
	CohortKindCriteria = "criteria"
	CohortKindMembers  = "members"
)

// MaxCohortMembers bounds an explicit member list.
const MaxCohortMembers = 100000

// CohortIDPattern is what a cohort id may look like.
var CohortIDPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,64}$`)

// CohortCriteria selects the users who used a feature version / segment / geography (any of
// their events) and whose first event falls in [FirstSeenFrom, FirstSeenTo).
type CohortCriteria struct {
	FeatureVersion string     `json:"feature_version,omitempty"`
	UserSegment    string     `json:"user_segment,omitempty"`
	Geography      string     `json:"geography,omitempty"`
	FirstSeenFrom  *time.Time `json:"first_seen_from,omitempty"`
	FirstSeenTo    *time.Time `json:"first_seen_to,omitempty"`
}

// Cohort is a stored cohort definition.
type Cohort struct {
	ID        string          `json:"cohort_id"`
	Name      string          `json:"name,omitempty"`
	Kind      string          `json:"kind"`
	Criteria  *CohortCriteria `json:"criteria,omitempty"`
	Members   []string        `json:"members,omitempty"`
	CreatedAt time.Time       `json:"created_at"`
}

// CohortComparison is one cohort's behaviour in the filter's range.
type CohortComparison struct {
	CohortID        string   `json:"cohort_id"`
	AvgSatisfaction *float64 `json:"avg_satisfaction"`
	TotalQueries    uint64   `json:"total_queries"`
	UniqueUsers     uint64   `json:"unique_users"`
	ConversionRate  float64  `json:"conversion_rate"`
	AvgLatencyMs    float64  `json:"avg_latency_ms"`
	CostPerUser     float64  `json:"cost_per_user"`
}

// ErrCohortNotFound is returned when a compared cohort id is not defined for the tenant.
var ErrCohortNotFound = errors.New("cohort not found")

// SaveCohort stores (or replaces) a cohort definition of the tenant.
func (s *Store) SaveCohort(ctx context.Context, tenant string, c Cohort) error {
	var crit CohortCriteria
	if c.Criteria != nil {
		crit = *c.Criteria
	}
	ctx = clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{"insert_deduplicate": 0}))
	if c.Kind == CohortKindMembers {
		batch, err := s.conn.PrepareBatch(ctx, s.sql("INSERT INTO {{db}}.genai_cohort_members (tenant_id, cohort_id, generation, user_id)"))
		if err != nil {
			return fmt.Errorf("saving cohort members: %w", err)
		}
		defer func() { _ = batch.Abort() }()
		for _, m := range c.Members {
			if err := batch.Append(tenant, c.ID, c.CreatedAt, m); err != nil {
				return fmt.Errorf("saving cohort members: %w", err)
			}
		}
		if err := batch.Send(); err != nil {
			return fmt.Errorf("saving cohort members: %w", err)
		}
	}
	// The definition is written last: a cohort is visible only once its members are stored.
	// A batch (not a formatted VALUES list) keeps created_at's microseconds: it is the
	// generation key of the member rows.
	batch, err := s.conn.PrepareBatch(ctx, s.sql(`INSERT INTO {{db}}.genai_cohorts (tenant_id, cohort_id, name, kind,
		feature_version, user_segment, geography, first_seen_from, first_seen_to, created_at)`))
	if err != nil {
		return fmt.Errorf("saving cohort %s: %w", c.ID, err)
	}
	defer func() { _ = batch.Abort() }()
	if err := batch.Append(tenant, c.ID, c.Name, c.Kind, crit.FeatureVersion, crit.UserSegment, crit.Geography,
		crit.FirstSeenFrom, crit.FirstSeenTo, c.CreatedAt); err != nil {
		return fmt.Errorf("saving cohort %s: %w", c.ID, err)
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("saving cohort %s: %w", c.ID, err)
	}
	return nil
}

const cohortDefinitionSQL = `
SELECT kind, name, feature_version, user_segment, geography, first_seen_from, first_seen_to, created_at
FROM {{db}}.genai_cohorts FINAL
WHERE tenant_id = {tenant:String} AND cohort_id = {cohort:String}`

// loadCohort reads a cohort definition (without its members).
func (s *Store) loadCohort(ctx context.Context, f Filter, id string) (Cohort, error) {
	c := Cohort{ID: id}
	found := false
	err := s.query(ctx, "reading cohort", f, clickhouse.Parameters{"cohort": id}, cohortDefinitionSQL, func(r driver.Rows) error {
		var crit CohortCriteria
		found = true
		if err := r.Scan(&c.Kind, &c.Name, &crit.FeatureVersion, &crit.UserSegment, &crit.Geography,
			&crit.FirstSeenFrom, &crit.FirstSeenTo, &c.CreatedAt); err != nil {
			return err
		}
		if c.Kind == CohortKindCriteria {
			c.Criteria = &crit
		}
		return nil
	})
	if err == nil && !found {
		return c, fmt.Errorf("%w: %q", ErrCohortNotFound, id)
	}
	return c, err
}

// explicitMembers and criteriaMembers select the user ids of a cohort (no FINAL needed: a
// duplicate row does not change membership or a user's first event).
const explicitMembers = `SELECT user_id FROM {{db}}.genai_cohort_members
	WHERE tenant_id = {tenant:String} AND cohort_id = {cohort:String} AND generation = {generation:DateTime64(6, 'UTC')}`

// criteriaMembers reads genai_users (migration 0023) plus the events inserted before that
// table existed (its view sees only later inserts); both are exact for existence and first
// seen, and overlaps do not matter for min.
const criteriaMembers = `SELECT user_id FROM (
		SELECT user_id, feature_version, user_segment, geography, first_seen FROM {{db}}.genai_users
		WHERE tenant_id = {tenant:String}
		UNION ALL
		SELECT user_id, toString(feature_version), toString(user_segment), toString(geography), timestamp
		FROM {{db}}.genai_events
		WHERE tenant_id = {tenant:String} AND user_id != '' AND inserted_at < (
			SELECT ifNull(max(toDateTime64(applied_at, 3, 'UTC')) + toIntervalSecond(1), toDateTime64('2262-01-01 00:00:00', 3, 'UTC'))
			FROM {{db}}.schema_migrations WHERE version = 23)
	)
	GROUP BY user_id
	HAVING countIf(({c_feature_version:String} = '' OR feature_version = {c_feature_version:String})
			AND ({c_user_segment:String} = '' OR user_segment = {c_user_segment:String})
			AND ({c_geography:String} = '' OR geography = {c_geography:String})) > 0
		AND ({c_has_from:UInt8} = 0 OR min(first_seen) >= {c_from:DateTime64(6, 'UTC')})
		AND ({c_has_to:UInt8} = 0 OR min(first_seen) < {c_to:DateTime64(6, 'UTC')})`

// cohortUsersSQL reads the members' events in the range once, per active user (a member with
// events in the range): how many calls, their latency and cost. Measuring the totals and the
// active set in one query each read the events again (four times in all: 2.2 s for a month of
// 8M events); a user's rows are few (≤ MaxCohortMembers).
const cohortUsersSQL = `
WITH members AS (%MEMBERS%)
SELECT user_id, count(), sum(latency_ms), sum(ifNull(cost_usd, 0))
FROM {{db}}.genai_events FINAL WHERE ` + eventWhere + ` AND user_id IN members
GROUP BY user_id`

// cohortOutcomesSQL measures the active users' feedback and conversions in the range (the
// conversion stage may be a reported or a derived one, see funnelStagesSQL); {active} lists
// them.
const cohortOutcomesSQL = `
SELECT
	(SELECT avg(` + feedbackScore + `) FROM {{db}}.genai_feedback FINAL WHERE ` + inRange + `
		AND user_id IN {active:Array(String)}) AS satisfaction,
	(SELECT uniqExact(user_id) FROM (` + funnelStagesSQL + `) WHERE user_id IN {active:Array(String)}) AS converted`

// CompareCohorts measures each cohort over the filter's range. Conversion is the share of the
// cohort's active users (users with events in the range) who reached conversionStage.
func (s *Store) CompareCohorts(ctx context.Context, f Filter, ids []string, conversionStage string) ([]CohortComparison, error) {
	out := make([]CohortComparison, 0, len(ids))
	for _, id := range ids {
		c, err := s.loadCohort(ctx, f, id)
		if err != nil {
			return nil, err
		}
		params := funnelStageParams([]string{conversionStage})
		params["cohort"] = id
		members := explicitMembers
		if c.Kind == CohortKindCriteria {
			members = criteriaMembers
			crit := c.Criteria
			params["c_feature_version"] = crit.FeatureVersion
			params["c_user_segment"] = crit.UserSegment
			params["c_geography"] = crit.Geography
			params["c_has_from"], params["c_from"] = optionalTime(crit.FirstSeenFrom)
			params["c_has_to"], params["c_to"] = optionalTime(crit.FirstSeenTo)
		} else {
			params["generation"] = c.CreatedAt.UTC().Format(chTimeLayout)
		}
		cmp := CohortComparison{CohortID: id}
		var (
			active        []string
			latency, cost float64
			converted     uint64
		)
		err = s.query(ctx, "comparing cohort "+id, f, params, replaceMembers(cohortUsersSQL, members), func(r driver.Rows) error {
			var (
				user        string
				calls       uint64
				userLatency float64
				userCost    float64
			)
			if err := r.Scan(&user, &calls, &userLatency, &userCost); err != nil {
				return err
			}
			active = append(active, user)
			cmp.TotalQueries += calls
			latency += userLatency
			cost += userCost
			return nil
		})
		if err != nil {
			return nil, err
		}
		cmp.UniqueUsers = uint64(len(active))
		params["active"] = stringList(active)
		err = s.query(ctx, "comparing cohort "+id+": outcomes", f, params, cohortOutcomesSQL, func(r driver.Rows) error {
			return r.Scan(&cmp.AvgSatisfaction, &converted)
		})
		if err != nil {
			return nil, err
		}
		if cmp.TotalQueries > 0 {
			cmp.AvgLatencyMs = latency / float64(cmp.TotalQueries)
		}
		if cmp.UniqueUsers > 0 {
			cmp.CostPerUser = cost / float64(cmp.UniqueUsers)
		}
		cmp.ConversionRate = percent(converted, cmp.UniqueUsers)
		out = append(out, cmp)
	}
	return out, nil
}

func optionalTime(t *time.Time) (has, value string) {
	if t == nil {
		return "0", time.Unix(0, 0).UTC().Format(chTimeLayout)
	}
	return "1", t.UTC().Format(chTimeLayout)
}
