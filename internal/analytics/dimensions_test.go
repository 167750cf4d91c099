package analytics_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics/analyticstest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

// TestDimensions checks the filter suggestions: per name the values of the range, most calls
// first, and only the tenant's.
func TestDimensions(t *testing.T) {
	conn := chtest.Conn(t)
	db := analyticstest.NewSchema(t, conn)
	d := analyticstest.Generate(3, analyticstest.Options{Users: 8, EventsPerUser: 6})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, d.Insert(ctx, conn, db))
	store := analytics.NewStore(conn, db, nil)
	f := analytics.Filter{Tenant: analyticstest.Tenant, From: analyticstest.From, To: analyticstest.To, Geography: "DE"}
	got, err := store.Dimensions(ctx, f)
	require.NoError(t, err)

	counts := map[string]map[string]int{}
	for _, n := range analytics.DimensionNames {
		counts[n] = map[string]int{}
	}
	for _, e := range d.Events { // every row version counts: the query reads without FINAL
		if e.Tenant != f.Tenant || e.Timestamp.Before(f.From) || !e.Timestamp.Before(f.To) || e.Geography != "DE" {
			continue
		}
		for n, v := range map[string]string{"model": e.Model, "service": e.Service, "feature_version": e.FeatureVersion,
			"user_segment": e.UserSegment, "geography": e.Geography} {
			if v != "" {
				counts[n][v]++
			}
		}
	}
	for _, n := range analytics.DimensionNames {
		want := []string{}
		for v := range counts[n] {
			want = append(want, v)
		}
		sort.Slice(want, func(i, j int) bool {
			a, b := counts[n][want[i]], counts[n][want[j]]
			if a != b {
				return a > b
			}
			return want[i] < want[j]
		})
		assert.Equal(t, want, got[n], n)
	}
	assert.Equal(t, []string{"DE"}, got["geography"])
}
