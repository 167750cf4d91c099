package clickhouseanalyticsexporter

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/confmap"
)

// selfSignedCAPEM returns a throwaway CA certificate in PEM form.
func selfSignedCAPEM(t *testing.T) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "test ClickHouse CA"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

func TestTLSConfigAppliedToConnection(t *testing.T) {
	caPEM := selfSignedCAPEM(t)
	tests := []struct {
		name       string
		conf       map[string]any
		wantTLS    bool
		wantRoots  bool
		wantServer string
		wantSkip   bool
		wantErr    string
	}{
		{name: "absent: plain TCP", conf: map[string]any{}},
		{name: "DSN secure=true without tls section", conf: map[string]any{"endpoint": "tcp://ch:9440?secure=true"}, wantTLS: true},
		{name: "empty section: system roots", conf: map[string]any{"tls": map[string]any{}}, wantTLS: true},
		{name: "disabled section", conf: map[string]any{"tls": map[string]any{"enabled": false}}},
		{
			name:    "own CA and server name",
			conf:    map[string]any{"tls": map[string]any{"ca_pem": caPEM, "server_name_override": "ch.internal"}},
			wantTLS: true, wantRoots: true, wantServer: "ch.internal",
		},
		{
			name:    "skip verification",
			conf:    map[string]any{"tls": map[string]any{"insecure_skip_verify": true}},
			wantTLS: true, wantSkip: true,
		},
		{name: "unreadable CA file", conf: map[string]any{"tls": map[string]any{"ca_file": "/nonexistent/ca.pem"}}, wantErr: "tls:"},
		{name: "garbage CA", conf: map[string]any{"tls": map[string]any{"ca_pem": "not a certificate"}}, wantErr: "tls:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := createDefaultConfig()
			require.NoError(t, confmap.NewFromStringMap(tt.conf).Unmarshal(cfg))
			require.NoError(t, cfg.Validate())
			opts, err := connOptions(cfg)
			if tt.wantErr != "" {
				require.ErrorContains(t, err, tt.wantErr)
				_, err = openConn(cfg)
				require.ErrorContains(t, err, tt.wantErr, "start must fail, not connect in plain text")
				return
			}
			require.NoError(t, err)
			if !tt.wantTLS {
				assert.Nil(t, opts.TLS)
				return
			}
			require.NotNil(t, opts.TLS)
			assert.Equal(t, tt.wantRoots, opts.TLS.RootCAs != nil, "custom root CAs")
			assert.Equal(t, tt.wantServer, opts.TLS.ServerName)
			assert.Equal(t, tt.wantSkip, opts.TLS.InsecureSkipVerify)
		})
	}
}
