package analyticsapiextension

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"go.opentelemetry.io/collector/component"
	"go.uber.org/zap"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/pricing"
)

// apiServer is the running extension: an HTTP server over an analytics.Store.
type apiServer struct {
	cfg      *Config
	settings component.TelemetrySettings
	keys     map[string]string // API key → tenant
	now      func() time.Time

	conn   driver.Conn
	store  *analytics.Store
	server *http.Server
	wg     sync.WaitGroup
}

func newAPIServer(cfg *Config, set component.TelemetrySettings) *apiServer {
	keys := make(map[string]string, len(cfg.APIKeys))
	for _, k := range cfg.APIKeys {
		keys[string(k.Key)] = k.Tenant
	}
	return &apiServer{cfg: cfg, settings: set, keys: keys, now: time.Now}
}

// Start opens the ClickHouse connection (lazily: ClickHouse may come up later) and serves.
func (s *apiServer) Start(ctx context.Context, host component.Host) error {
	book, err := s.priceBook()
	if err != nil {
		return err
	}
	conn, err := openConn(s.cfg.ClickHouse)
	if err != nil {
		return err
	}
	s.conn = conn
	s.store = analytics.NewStore(conn, s.cfg.ClickHouse.Database, book)
	if len(s.keys) == 0 {
		s.settings.Logger.Warn("analyticsapi has no api_keys: any caller can read any tenant; keep the endpoint private",
			zap.String("endpoint", s.cfg.NetAddr.Endpoint))
	}
	ln, err := s.cfg.ToListener(ctx)
	if err != nil {
		return fmt.Errorf("analyticsapi: listening on %s: %w", s.cfg.NetAddr.Endpoint, err)
	}
	s.server, err = s.cfg.ToServer(ctx, host.GetExtensions(), s.settings, s.routes())
	if err != nil {
		_ = ln.Close()
		return fmt.Errorf("analyticsapi: creating HTTP server: %w", err)
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		if err := s.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.settings.Logger.Error("analyticsapi server stopped", zap.Error(err))
		}
	}()
	return nil
}

// Shutdown stops serving and closes the connection.
func (s *apiServer) Shutdown(ctx context.Context) error {
	var errs []error
	if s.server != nil {
		errs = append(errs, s.server.Shutdown(ctx))
	}
	s.wg.Wait()
	if s.conn != nil {
		errs = append(errs, s.conn.Close())
	}
	return errors.Join(errs...)
}

// priceBook builds the pricing engine that cost recommendations use.
func (s *apiServer) priceBook() (analytics.PriceBook, error) {
	var file *pricing.File
	if s.cfg.PricingFile != "" {
		f, err := pricing.LoadFile(s.cfg.PricingFile)
		if err != nil {
			return nil, fmt.Errorf("analyticsapi: pricing_file: %w", err)
		}
		file = f
	}
	engine, err := pricing.NewEngine(s.cfg.PricingOverrides, file, true)
	if err != nil {
		return nil, fmt.Errorf("analyticsapi: pricing: %w", err)
	}
	return analytics.EnginePriceBook(engine), nil
}

func openConn(cfg ClickHouseConfig) (driver.Conn, error) {
	opts, err := clickhouse.ParseDSN(cfg.Endpoint)
	if err != nil {
		return nil, fmt.Errorf("analyticsapi: clickhouse.endpoint: %w", err)
	}
	opts.Protocol = clickhouse.Native
	if cfg.Username != "" {
		opts.Auth.Username = cfg.Username
	}
	if cfg.Password != "" {
		opts.Auth.Password = string(cfg.Password)
	}
	if opts.DialTimeout == 0 {
		opts.DialTimeout = 5 * time.Second
	}
	clusterReadSettings(opts)
	conn, err := clickhouse.Open(opts)
	if err != nil {
		return nil, fmt.Errorf("analyticsapi: opening ClickHouse connection: %w", err)
	}
	return conn, nil
}
