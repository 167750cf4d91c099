package analyticsapiextension

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var testNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

func TestScopeParsing(t *testing.T) {
	tests := []struct {
		name       string
		raw        string
		bound      string
		wantStatus int
		wantParam  string
		check      func(t *testing.T, q query)
	}{
		{name: "defaults to the last 24 h", raw: "tenant=acme", check: func(t *testing.T, q query) {
			f, err := q.scope("", 24*time.Hour, testNow)
			require.Nil(t, err)
			assert.Equal(t, testNow.Add(-24*time.Hour), f.From)
			assert.Equal(t, testNow, f.To)
		}},
		{name: "explicit range and filters", raw: "tenant=acme&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00%2B01:00&model=gpt-5.4&geography=DE",
			check: func(t *testing.T, q query) {
				f, err := q.scope("", 24*time.Hour, testNow)
				require.Nil(t, err)
				assert.Equal(t, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), f.From)
				assert.Equal(t, time.Date(2026, 11, 20, 23, 0, 0, 0, time.UTC), f.To)
				assert.Equal(t, "gpt-5.4", f.Model)
				assert.Equal(t, "DE", f.Geography)
			}},
		{name: "key tenant is used", raw: "", bound: "acme", check: func(t *testing.T, q query) {
			f, err := q.scope("acme", time.Hour*24, testNow)
			require.Nil(t, err)
			assert.Equal(t, "acme", f.Tenant)
		}},
		{name: "other tenant forbidden", raw: "tenant=globex", bound: "acme", wantStatus: http.StatusForbidden, wantParam: "tenant"},
		{name: "tenant required without keys", raw: "", wantStatus: 400, wantParam: "tenant"},
		{name: "bad from", raw: "tenant=a&from=yesterday", wantStatus: 400, wantParam: "from"},
		{name: "bad to", raw: "tenant=a&to=2026-13-01T00:00:00Z", wantStatus: 400, wantParam: "to"},
		{name: "inverted range", raw: "tenant=a&from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z", wantStatus: 400, wantParam: "from"},
		{name: "empty range", raw: "tenant=a&from=2026-11-21T00:00:00Z&to=2026-11-21T00:00:00Z", wantStatus: 400, wantParam: "from"},
		{name: "range too long", raw: "tenant=a&from=2025-01-01T00:00:00Z&to=2026-11-21T00:00:00Z", wantStatus: 400, wantParam: "from"},
		{name: "year out of storage", raw: "tenant=a&from=1900-01-01T00:00:00Z", wantStatus: 400, wantParam: "from"},
		{name: "control char in filter", raw: "tenant=a&model=gpt%00", wantStatus: 400, wantParam: "model"},
		{name: "invalid utf-8", raw: "tenant=a&service=%ff", wantStatus: 400, wantParam: "service"},
		{name: "unknown parameter", raw: "tenant=a&modle=x", wantStatus: 400, wantParam: "modle"},
		{name: "repeated parameter", raw: "tenant=a&model=x&model=y", wantStatus: 400, wantParam: "model"},
		{name: "malformed query", raw: "tenant=%zz", wantStatus: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := parseQuery(tt.raw)
			if err == nil {
				_, err = q.scope(tt.bound, 400*24*time.Hour, testNow)
			}
			if tt.wantStatus != 0 {
				require.NotNil(t, err)
				assert.Equal(t, tt.wantStatus, err.Status)
				assert.Equal(t, tt.wantParam, err.Parameter)
				if tt.wantParam != "" {
					assert.Contains(t, err.Message, tt.wantParam+":")
				}
				return
			}
			require.Nil(t, err)
			tt.check(t, q)
		})
	}
}

func TestTypedParameters(t *testing.T) {
	q, err := parseQuery("limit=5&window=90m&secs=3600&min=12.5&stages=a,%20b&enum=model", "limit", "window", "secs", "min", "stages", "enum")
	require.Nil(t, err)
	limit, err := q.integer("limit", 20, 1, 1000)
	require.Nil(t, err)
	assert.Equal(t, 5, limit)
	w, err := q.duration("window", time.Hour, time.Second, 48*time.Hour)
	require.Nil(t, err)
	assert.Equal(t, 90*time.Minute, w)
	secs, err := q.duration("secs", time.Hour, time.Second, 48*time.Hour)
	require.Nil(t, err)
	assert.Equal(t, time.Hour, secs)
	m, err := q.number("min", 20, 0, 100)
	require.Nil(t, err)
	assert.Equal(t, 12.5, m)
	st, err := q.list("stages", 3)
	require.Nil(t, err)
	assert.Equal(t, []string{"a", "b"}, st)
	e, err := q.oneOf("enum", "", "model", "feature_version")
	require.Nil(t, err)
	assert.Equal(t, "model", e)

	for _, tc := range []struct{ raw, param string }{
		{"limit=0", "limit"}, {"limit=abc", "limit"}, {"limit=100000", "limit"},
		{"window=-5m", "window"}, {"window=forever", "window"}, {"window=99999999999999", "window"},
		{"min=NaN", "min"}, {"min=101", "min"}, {"stages=a,,b", "stages"}, {"stages=a,b,c,d", "stages"},
		{"enum=user", "enum"},
	} {
		q, perr := parseQuery(tc.raw, "limit", "window", "min", "stages", "enum")
		require.Nil(t, perr)
		_, e1 := q.integer("limit", 20, 1, 1000)
		_, e2 := q.duration("window", time.Hour, time.Second, 48*time.Hour)
		_, e3 := q.number("min", 20, 0, 100)
		_, e4 := q.list("stages", 3)
		_, e5 := q.oneOf("enum", "", "model", "feature_version")
		got := firstErr(e1, e2, e3, e4, e5)
		require.Error(t, got, tc.raw)
		assert.Equal(t, tc.param, got.(*apiError).Parameter, tc.raw)
	}
}

// FuzzParseRequest feeds arbitrary query strings through every parameter parser: no panic, and
// an accepted scope is always a non-empty tenant with from < to within the maximum range.
func FuzzParseRequest(f *testing.F) {
	for _, s := range []string{"tenant=acme&from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z",
		"tenant=a&limit=5&window=90m&min_drop_off=3.5&stages=a,b", "tenant=%ff&model=%00", "from=9999-12-31T23:59:59Z",
		"tenant=a&window=1e9&limit=-1", "tenant=a&from=2026-11-20T00:00:00.123456789%2B14:00"} {
		f.Add(s, "")
		f.Add(s, "acme")
	}
	maxRange := 31 * 24 * time.Hour
	f.Fuzz(func(t *testing.T, raw, bound string) {
		q, err := parseQuery(raw, "limit", "window", "min_drop_off", "stages", "group_by")
		if err != nil {
			if err.Status != 400 {
				t.Fatalf("parse error status %d", err.Status)
			}
			return
		}
		if f, err := q.scope(bound, maxRange, testNow); err == nil {
			if f.Tenant == "" || !f.From.Before(f.To) || f.To.Sub(f.From) > maxRange {
				t.Fatalf("accepted invalid scope %+v", f)
			}
			if bound != "" && f.Tenant != bound {
				t.Fatalf("tenant %q escaped key tenant %q", f.Tenant, bound)
			}
		}
		_, _ = q.integer("limit", 20, 1, 1000)
		if d, err := q.duration("window", time.Hour, time.Second, 90*24*time.Hour); err == nil && (d < time.Second || d > 90*24*time.Hour) {
			t.Fatalf("duration %s out of bounds", d)
		}
		_, _ = q.number("min_drop_off", 20, 0, 100)
		if st, err := q.list("stages", 32); err == nil && len(st) > 32 {
			t.Fatal("too many stages accepted")
		}
		_, _ = q.oneOf("group_by", "", "model", "feature_version")
	})
}
