package analyticsapiextension

import (
	_ "embed"
	"net/http"
)

// openAPIDocument describes every endpoint (OpenAPI 3.1); a test keeps it in step with the routes.
//
//go:embed openapi.json
var openAPIDocument []byte

func serveOpenAPI(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(openAPIDocument)
}
