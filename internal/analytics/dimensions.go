package analytics

import (
	"context"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// DimensionNames are the filters Dimensions lists values for.
var DimensionNames = []string{"model", "service", "feature_version", "user_segment", "geography"}

// MaxDimensionValues bounds each list of Dimensions.
const MaxDimensionValues = 100

// dimensionsSQL lists, in one scan, each filter's non-empty values of the range, most calls
// first. No FINAL: only which values occur matters.
const dimensionsSQL = `
SELECT kv.1 AS name, kv.2 AS value
FROM {{db}}.genai_events
ARRAY JOIN [('model', toString(request_model)), ('service', toString(service_name)),
	('feature_version', toString(feature_version)), ('user_segment', toString(user_segment)),
	('geography', toString(geography))] AS kv
WHERE ` + eventWhere + ` AND value != ''
GROUP BY name, value
ORDER BY name ASC, count() DESC, value ASC
LIMIT {limit:UInt32} BY name`

// Dimensions returns, per filter name, the values seen in the filter's range (other filters
// apply too), for the dashboard's filter suggestions. Every name is present, maybe empty.
func (s *Store) Dimensions(ctx context.Context, f Filter) (map[string][]string, error) {
	out := make(map[string][]string, len(DimensionNames))
	for _, n := range DimensionNames {
		out[n] = []string{}
	}
	err := s.query(ctx, "dimensions", f, clickhouse.Parameters{"limit": itoa(MaxDimensionValues)}, dimensionsSQL,
		func(r driver.Rows) error {
			var name, value string
			if err := r.Scan(&name, &value); err != nil {
				return err
			}
			out[name] = append(out[name], value)
			return nil
		})
	if err != nil {
		return nil, err
	}
	return out, nil
}
