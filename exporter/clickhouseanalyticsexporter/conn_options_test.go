package clickhouseanalyticsexporter

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// The driver encodes an insert in chunks of insertChunkBytes unless the DSN says otherwise.
func TestConnOptionsInsertChunk(t *testing.T) {
	tests := []struct {
		endpoint string
		want     int
	}{
		{"tcp://127.0.0.1:9000", insertChunkBytes},
		{"tcp://127.0.0.1:9000?max_compression_buffer=4194304", 4 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.endpoint, func(t *testing.T) {
			cfg := createDefaultConfig()
			cfg.Endpoint = tt.endpoint
			opts, err := connOptions(cfg)
			require.NoError(t, err)
			require.Equal(t, tt.want, opts.MaxCompressionBuffer)
		})
	}
}
