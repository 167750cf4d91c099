// Package dashboards_test checks the Grafana dashboard's SQL: Grafana itself cannot run here,
// but every query of aianalytics.json runs against a real ClickHouse with the ClickHouse data
// source's macros and the dashboard variables expanded, and the figures that mirror an API
// endpoint must agree with it.
package dashboards_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics/analyticstest"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/chtest"
)

type grafanaDashboard struct {
	Panels []struct {
		Title   string `json:"title"`
		Targets []struct {
			RawSQL string `json:"rawSql"`
		} `json:"targets"`
	} `json:"panels"`
	Templating struct {
		List []struct {
			Name, Type string
			Query      any `json:"query"`
		} `json:"list"`
	} `json:"templating"`
}

// expand does what Grafana and the ClickHouse data source do before sending a query.
func expand(sql, db string, f analytics.Filter) string {
	ts := func(t time.Time) string { return fmt.Sprintf("toDateTime(%d)", t.Unix()) }
	r := strings.NewReplacer(
		"$__timeFilter(timestamp)", "timestamp >= "+ts(f.From)+" AND timestamp <= "+ts(f.To),
		"$__timeInterval(timestamp)", "toStartOfInterval(timestamp, INTERVAL 1800 second)",
		"${database}", db, "${tenant}", f.Tenant, "${model}", f.Model, "${service}", f.Service,
		"${feature_version}", f.FeatureVersion, "${user_segment}", f.UserSegment, "${geography}", f.Geography)
	return r.Replace(sql)
}

func TestGrafanaQueries(t *testing.T) {
	raw, err := os.ReadFile("aianalytics.json")
	require.NoError(t, err)
	var dash grafanaDashboard
	require.NoError(t, json.Unmarshal(raw, &dash))

	conn := chtest.Conn(t)
	db := analyticstest.NewSchema(t, conn)
	data := analyticstest.Generate(5, analyticstest.Options{Users: 10, EventsPerUser: 12})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	require.NoError(t, data.Insert(ctx, conn, db))
	store := analytics.NewStore(conn, db, nil)

	for _, f := range []analytics.Filter{
		{Tenant: analyticstest.Tenant, From: analyticstest.From, To: analyticstest.To},
		{Tenant: analyticstest.Tenant, From: analyticstest.From, To: analyticstest.To, UserSegment: "pro"},
	} {
		// run returns the rows of a query as generic values.
		run := func(what, sql string) [][]any {
			rows, err := conn.Query(ctx, expand(sql, db, f))
			require.NoError(t, err, what)
			defer rows.Close()
			var out [][]any
			for rows.Next() {
				vals := make([]any, len(rows.ColumnTypes()))
				for i, ct := range rows.ColumnTypes() {
					vals[i] = reflect.New(ct.ScanType()).Interface()
				}
				require.NoError(t, rows.Scan(vals...), what)
				for i := range vals {
					vals[i] = reflect.ValueOf(vals[i]).Elem().Interface()
				}
				out = append(out, vals)
			}
			require.NoError(t, rows.Err(), what)
			return out
		}
		byTitle := map[string][][]any{}
		for _, p := range dash.Panels {
			for _, tg := range p.Targets {
				byTitle[p.Title] = run(p.Title, tg.RawSQL)
			}
		}
		for _, v := range dash.Templating.List {
			if q, ok := v.Query.(string); ok && v.Type == "query" {
				assert.NotEmpty(t, run("variable "+v.Name, q), v.Name)
			}
		}

		// The figures that mirror an API endpoint agree with it.
		zr, err := store.ZeroResults(ctx, f)
		require.NoError(t, err)
		assert.EqualValues(t, zr.Total, byTitle["Calls"][0][0])
		sat, err := store.Satisfaction(ctx, f, "")
		require.NoError(t, err)
		nss := byTitle["Net satisfaction"][0][0].(*float64)
		require.NotNil(t, nss)
		assert.InDelta(t, sat[0].NetSatisfactionScore, *nss, 1e-9)
		popular, err := store.PopularQueries(ctx, f, 50)
		require.NoError(t, err)
		require.Len(t, byTitle["Popular queries"], len(popular))
		for i, q := range popular {
			assert.Equal(t, q.Query, byTitle["Popular queries"][i][0])
			assert.EqualValues(t, q.Count, byTitle["Popular queries"][i][1])
		}
		funnel, err := store.Funnel(ctx, f, analytics.DefaultFunnelStages(), 24*time.Hour, 20)
		require.NoError(t, err)
		for i, st := range funnel.Stages {
			assert.EqualValues(t, st.UniqueUsers, byTitle["Funnel (users per stage, ordered within 24 h)"][0][i], st.Stage)
		}
		segments, err := store.CostSegments(ctx, f, "user_segment", 20)
		require.NoError(t, err)
		require.Len(t, byTitle["Cost per segment"], len(segments))
		for i, s := range segments {
			assert.Equal(t, s.Segment, byTitle["Cost per segment"][i][0])
			assert.InDelta(t, s.TotalCostUSD, byTitle["Cost per segment"][i][1], 1e-9)
		}
	}
}
