package analyticsapiextension

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
)

// maxCohortBody bounds a cohort definition (a member list of MaxCohortMembers short ids fits).
const maxCohortBody = 8 << 20

// cohortRequest is the body of POST /v1/analytics/cohorts: criteria or members, not both.
type cohortRequest struct {
	CohortID string                    `json:"cohort_id"`
	Name     string                    `json:"name"`
	Criteria *analytics.CohortCriteria `json:"criteria"`
	Members  []string                  `json:"members"`
}

// defineCohort stores a cohort of the caller's tenant (named by ?tenant= on an open API).
func (s *apiServer) defineCohort(ctx context.Context, r *http.Request, boundTenant string) (int, any, error) {
	q, aerr := parseQuery(r.URL.RawQuery)
	if aerr != nil {
		return 0, nil, aerr
	}
	if len(q.values) > 1 || (len(q.values) == 1 && q.get("tenant") == "") {
		return 0, nil, &apiError{Status: http.StatusBadRequest, Message: "POST /v1/analytics/cohorts takes only the tenant parameter; the definition goes in the JSON body"}
	}
	// Reuse the scope check for the tenant only: a tenant mismatch is 403 as everywhere.
	f, aerr := q.scope(boundTenant, s.cfg.MaxRange, s.now())
	if aerr != nil {
		return 0, nil, aerr
	}
	c, aerr := decodeCohort(r, s.now())
	if aerr != nil {
		return 0, nil, aerr
	}
	if err := s.store.SaveCohort(ctx, f.Tenant, c); err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, c, nil
}

func decodeCohort(r *http.Request, now time.Time) (analytics.Cohort, *apiError) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return analytics.Cohort{}, &apiError{Status: http.StatusUnsupportedMediaType, Message: "Content-Type must be application/json"}
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxCohortBody+1))
	if err != nil {
		return analytics.Cohort{}, &apiError{Status: http.StatusBadRequest, Parameter: "body", Message: "body: reading failed"}
	}
	if len(raw) > maxCohortBody {
		return analytics.Cohort{}, &apiError{Status: http.StatusRequestEntityTooLarge, Parameter: "body",
			Message: fmt.Sprintf("body: larger than %d bytes", maxCohortBody)}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var req cohortRequest
	if err := dec.Decode(&req); err != nil {
		return analytics.Cohort{}, &apiError{Status: http.StatusBadRequest, Parameter: "body", Message: "body: " + jsonProblem(err)}
	}
	if dec.More() {
		return analytics.Cohort{}, &apiError{Status: http.StatusBadRequest, Parameter: "body", Message: "body: one JSON object expected"}
	}
	return validateCohort(req, now)
}

func jsonProblem(err error) string {
	msg := err.Error()
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return "empty or truncated JSON"
	}
	return strings.TrimPrefix(msg, "json: ")
}

func validateCohort(req cohortRequest, now time.Time) (analytics.Cohort, *apiError) {
	bad := func(field, format string, args ...any) (analytics.Cohort, *apiError) {
		return analytics.Cohort{}, &apiError{Status: http.StatusBadRequest, Parameter: field, Message: field + ": " + fmt.Sprintf(format, args...)}
	}
	c := analytics.Cohort{ID: req.CohortID, Name: req.Name, CreatedAt: now.UTC().Truncate(time.Microsecond)}
	if c.ID == "" {
		c.ID = uuid.NewString()
	} else if !analytics.CohortIDPattern.MatchString(c.ID) {
		return bad("cohort_id", "must match %s", analytics.CohortIDPattern)
	}
	if err := validText(c.Name); err != nil {
		return bad("name", "%v", err)
	}
	switch {
	case req.Criteria != nil && req.Members != nil:
		return bad("members", "give either criteria or members, not both")
	case req.Criteria != nil:
		cr := req.Criteria
		for field, v := range map[string]string{"criteria.feature_version": cr.FeatureVersion,
			"criteria.user_segment": cr.UserSegment, "criteria.geography": cr.Geography} {
			if err := validText(v); err != nil {
				return bad(field, "%v", err)
			}
		}
		if cr.FirstSeenFrom != nil && cr.FirstSeenTo != nil && !cr.FirstSeenFrom.Before(*cr.FirstSeenTo) {
			return bad("criteria.first_seen_from", "must be before criteria.first_seen_to")
		}
		for field, t := range map[string]*time.Time{"criteria.first_seen_from": cr.FirstSeenFrom, "criteria.first_seen_to": cr.FirstSeenTo} {
			if t != nil && (t.Before(minTime) || !t.Before(maxTime)) {
				return bad(field, "must be between 1970 and 2262")
			}
		}
		c.Kind, c.Criteria = analytics.CohortKindCriteria, cr
	case len(req.Members) > 0:
		if len(req.Members) > analytics.MaxCohortMembers {
			return bad("members", "at most %d members, got %d", analytics.MaxCohortMembers, len(req.Members))
		}
		for i, m := range req.Members {
			if m == "" {
				return bad(fmt.Sprintf("members[%d]", i), "must not be empty")
			}
			if err := validText(m); err != nil {
				return bad(fmt.Sprintf("members[%d]", i), "%v", err)
			}
		}
		c.Kind, c.Members = analytics.CohortKindMembers, req.Members
	default:
		return bad("criteria", "a cohort needs criteria or a non-empty members list")
	}
	return c, nil
}

func (s *apiServer) compareCohorts(ctx context.Context, r *http.Request, tenant string) (int, any, error) {
	q, f, err := s.request(r, tenant, "ids", "conversion_stage")
	if err != nil {
		return 0, nil, err
	}
	ids, aerr := q.list("ids", 10)
	if aerr != nil {
		return 0, nil, aerr
	}
	if len(ids) == 0 {
		return 0, nil, badParam("ids", "required: comma-separated cohort ids, e.g. ids=a,b")
	}
	for _, id := range ids {
		if !analytics.CohortIDPattern.MatchString(id) {
			return 0, nil, badParam("ids", "%q is not a cohort id", truncate(id))
		}
	}
	stage, aerr := q.text("conversion_stage")
	if aerr != nil {
		return 0, nil, aerr
	}
	if stage == "" {
		stage = s.cfg.FunnelStages[len(s.cfg.FunnelStages)-1]
	}
	out, err := s.store.CompareCohorts(ctx, f, ids, stage)
	return http.StatusOK, out, err
}
