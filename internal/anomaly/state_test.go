package anomaly

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStateSurvivesRestart: baselines and an open alert are restored; the restarted detector
// judges the next window without warming up and resolves the alert under its id.
func TestStateSurvivesRestart(t *testing.T) {
	slow := steady
	slow.latency = 4000
	before := newHarness(t, testConfig())
	before.feed([]string{"a"}, repeat(steady, 20)...)
	before.feed([]string{"a"}, slow)
	require.Len(t, before.alerts, 1)
	data, err := before.d.MarshalState()
	require.NoError(t, err)

	after := newHarness(t, testConfig())
	n, err := after.d.RestoreState(data)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "the model and the tenant")
	after.next = before.next + 30                     // restarted half an hour later: the gap is not a drop
	after.feed([]string{"a"}, steady, steady, steady) // the first window after a start is not judged
	require.Len(t, after.alerts, 1, "only the resolution of the restored alert")
	assert.Equal(t, before.alerts[0].ID, after.alerts[0].ID)
	assert.True(t, after.alerts[0].Resolved())
	assert.Equal(t, uint64(2), after.alerts[0].Version)

	spike := steady
	spike.n = 600
	after.feed([]string{"a"}, spike)
	require.Len(t, after.alerts, 2, "no warm-up after a restore")
	assert.Equal(t, TypeSpike, after.alerts[1].Type)
}

func TestRestoreStateRefuses(t *testing.T) {
	h := newHarness(t, testConfig())
	h.feed([]string{"a"}, repeat(steady, 3)...)
	data, err := h.d.MarshalState()
	require.NoError(t, err)

	other := testConfig()
	other.Window = 30 * time.Second
	tests := []struct {
		name    string
		d       *Detector
		data    []byte
		wantErr string
	}{
		{"another window size", New(other), data, "starting afresh"},
		{"after the first call", h.d, data, "before the first call"},
		{"garbage", New(testConfig()), []byte("{"), "decoding"},
		{"unknown version", New(testConfig()), []byte(`{"v":99}`), "version 99"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.d.RestoreState(tt.data)
			assert.ErrorContains(t, err, tt.wantErr)
		})
	}

	small := testConfig()
	small.MaxSeries = 2
	d := New(small)
	n, err := d.RestoreState(data)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "max_series holds on restore")
}
