package analyticsapiextension

import (
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics"
	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/analytics/analyticstest"
)

func scopeFor(tenant string) analytics.Filter {
	return analytics.Filter{Tenant: tenant, From: analyticstest.From, To: analyticstest.To}
}
