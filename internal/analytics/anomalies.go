package analytics

import (
	"context"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Anomaly is one alert row of genai_anomalies.
type Anomaly struct {
	AlertID       string     `json:"alert_id"`
	Timestamp     time.Time  `json:"timestamp"`
	TenantID      string     `json:"tenant_id"`
	Provider      string     `json:"provider"`
	Model         string     `json:"model"`
	Type          string     `json:"type"`
	Severity      string     `json:"severity"`
	Metric        string     `json:"metric"`
	ExpectedValue float64    `json:"expected_value"`
	ActualValue   float64    `json:"actual_value"`
	Description   string     `json:"description"`
	WindowStart   time.Time  `json:"window_start"`
	WindowEnd     time.Time  `json:"window_end"`
	ResolvedAt    *time.Time `json:"resolved_at"`
}

// anomaliesSQL casts every column, so the query does not depend on the exact storage types.
const anomaliesSQL = `
SELECT toString(alert_id), toDateTime64(timestamp, 6, 'UTC'), toString(tenant_id), toString(provider),
	toString(model), toString(type), toString(severity), toString(metric), toFloat64(expected_value),
	toFloat64(actual_value), toString(description), toDateTime64(window_start, 6, 'UTC'),
	toDateTime64(window_end, 6, 'UTC'), CAST(resolved_at AS Nullable(DateTime64(6, 'UTC')))
FROM {{db}}.genai_anomalies FINAL
WHERE ` + inRange + `
	AND ({model:String} = '' OR model = {model:String})
	AND ({type:String} = '' OR type = {type:String})
	AND ({severity:String} = '' OR severity = {severity:String})
ORDER BY timestamp DESC, alert_id ASC
LIMIT {limit:UInt32}`

// Anomalies returns the tenant's alerts of the range, newest first; kind and severity filter
// when set.
func (s *Store) Anomalies(ctx context.Context, f Filter, kind, severity string, limit int) ([]Anomaly, error) {
	out := []Anomaly{}
	params := clickhouse.Parameters{"type": kind, "severity": severity, "limit": itoa(limit)}
	err := s.query(ctx, "anomalies", f, params, anomaliesSQL, func(r driver.Rows) error {
		var a Anomaly
		if err := r.Scan(&a.AlertID, &a.Timestamp, &a.TenantID, &a.Provider, &a.Model, &a.Type, &a.Severity,
			&a.Metric, &a.ExpectedValue, &a.ActualValue, &a.Description, &a.WindowStart, &a.WindowEnd, &a.ResolvedAt); err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	return out, err
}
