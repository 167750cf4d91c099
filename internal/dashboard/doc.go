// Package dashboard serves the analytics dashboard: a static page (HTML, CSS and plain-JS
// modules embedded with go:embed) that reads every number it shows from the analytics HTTP API
// of the analyticsapi extension. Nothing is fetched from elsewhere, so it works offline.
package dashboard // import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/dashboard"
