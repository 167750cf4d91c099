package analytics

import (
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
)

// Filter scopes every analysis: one tenant, a [From, To) time range and optional equality
// filters on event dimensions (empty means no filter).
type Filter struct {
	Tenant         string
	From, To       time.Time
	Model          string
	Service        string
	FeatureVersion string
	UserSegment    string
	Geography      string
}

// HasEventDimensions reports whether any filter beyond tenant and time is set.
func (f Filter) HasEventDimensions() bool {
	return f.Model != "" || f.Service != "" || f.FeatureVersion != "" || f.UserSegment != "" || f.Geography != ""
}

const chTimeLayout = "2006-01-02 15:04:05.000000"

// params returns the bound query parameters every analysis may reference.
func (f Filter) params() clickhouse.Parameters {
	return clickhouse.Parameters{
		"tenant":          f.Tenant,
		"from":            f.From.UTC().Format(chTimeLayout),
		"to":              f.To.UTC().Format(chTimeLayout),
		"model":           f.Model,
		"service":         f.Service,
		"feature_version": f.FeatureVersion,
		"user_segment":    f.UserSegment,
		"geography":       f.Geography,
	}
}

// eventWhere is the WHERE condition on genai_events for the filter. Unset dimensions are
// still bound (as empty strings) and short-circuit, so the SQL text is the same for every request.
const eventWhere = `tenant_id = {tenant:String}
	AND timestamp >= {from:DateTime64(6, 'UTC')} AND timestamp < {to:DateTime64(6, 'UTC')}
	AND ({model:String} = '' OR request_model = {model:String})
	AND ({service:String} = '' OR service_name = {service:String})
	AND ({feature_version:String} = '' OR feature_version = {feature_version:String})
	AND ({user_segment:String} = '' OR user_segment = {user_segment:String})
	AND ({geography:String} = '' OR geography = {geography:String})`

// inRange is the tenant and time condition for the feedback and funnel tables.
const inRange = `tenant_id = {tenant:String}
	AND timestamp >= {from:DateTime64(6, 'UTC')} AND timestamp < {to:DateTime64(6, 'UTC')}`
