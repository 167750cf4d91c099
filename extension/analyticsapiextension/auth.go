package analyticsapiextension

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// authenticate returns the tenant bound to the request's API key. With no keys configured it
// returns "" (open API: requests name their tenant). A missing or unknown key is 401.
func (s *apiServer) authenticate(r *http.Request) (string, *apiError) {
	if len(s.keys) == 0 {
		return "", nil
	}
	key := r.Header.Get("X-API-Key")
	if auth := r.Header.Get("Authorization"); key == "" && auth != "" {
		scheme, token, ok := strings.Cut(auth, " ")
		if ok && strings.EqualFold(scheme, "Bearer") {
			key = strings.TrimSpace(token)
		}
	}
	if key == "" {
		return "", &apiError{Status: http.StatusUnauthorized, Message: "missing API key: send Authorization: Bearer <key> or X-API-Key"}
	}
	// Compare against every key in constant time so the answer time does not reveal a prefix.
	tenant := ""
	for k, t := range s.keys {
		if subtle.ConstantTimeCompare([]byte(k), []byte(key)) == 1 {
			tenant = t
		}
	}
	if tenant == "" {
		return "", &apiError{Status: http.StatusUnauthorized, Message: "unknown API key"}
	}
	return tenant, nil
}
