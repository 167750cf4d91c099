package dashboard

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func get(t *testing.T, h http.Handler, method, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}

func TestMountServesPageAndAssetsOnly(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { http.Error(w, "api 404", http.StatusNotFound) })
	Mount(mux)

	page := get(t, mux, http.MethodGet, "/")
	require.Equal(t, http.StatusOK, page.Code)
	assert.Contains(t, page.Header().Get("Content-Type"), "text/html")
	assert.Contains(t, page.Body.String(), `<script type="module" src="js/app.js">`)
	assert.Contains(t, page.Header().Get("Content-Security-Policy"), "default-src 'none'")

	for path, ctype := range map[string]string{"/js/app.js": "javascript", "/css/dashboard.css": "text/css", "/js/panels/funnel.js": "javascript"} {
		rec := get(t, mux, http.MethodGet, path)
		require.Equal(t, http.StatusOK, rec.Code, path)
		assert.Contains(t, rec.Header().Get("Content-Type"), ctype, path)
	}
	assert.Equal(t, http.StatusOK, get(t, mux, http.MethodHead, "/").Code)

	// Everything else stays with the API server: its 404, not a listing or the page.
	for _, path := range []string{"/js/", "/js/missing.js", "/v1/nothing", "/index.htm", "/css/missing.css"} {
		rec := get(t, mux, http.MethodGet, path)
		assert.Equal(t, http.StatusNotFound, rec.Code, path)
	}
	rec := get(t, mux, http.MethodPost, "/")
	assert.NotEqual(t, http.StatusOK, rec.Code)
}

// TestAssetsAreSelfContained: no CDN or other origin (the page must work offline), and every
// module the page imports exists.
func TestAssetsAreSelfContained(t *testing.T) {
	external := regexp.MustCompile(`(?i)(src|href)\s*=\s*["'](https?:)?//|@import|url\(\s*["']?(https?:)?//|from\s+["']https?:`)
	imports := regexp.MustCompile(`from\s+'(\.[^']+)'`)
	n := 0
	err := fs.WalkDir(assets, "assets", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		raw, err := fs.ReadFile(assets, path)
		require.NoError(t, err)
		src := string(raw)
		assert.False(t, external.MatchString(src), "%s refers to another origin", path)
		assert.NotContains(t, src, "fetch('http", path)
		for _, m := range imports.FindAllStringSubmatch(src, -1) {
			target := resolve(path, m[1])
			_, err := fs.Stat(assets, target)
			assert.NoError(t, err, "%s imports %s", path, m[1])
		}
		return nil
	})
	require.NoError(t, err)
	assert.Greater(t, n, 10)
}

func resolve(from, rel string) string {
	parts := strings.Split(from, "/")
	parts = parts[:len(parts)-1]
	for _, p := range strings.Split(rel, "/") {
		switch p {
		case ".":
		case "..":
			parts = parts[:len(parts)-1]
		default:
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "/")
}

func TestHandlerRejectsOtherMethods(t *testing.T) {
	rec := get(t, Handler(), http.MethodPost, "/")
	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	body, _ := io.ReadAll(rec.Body)
	assert.Contains(t, string(body), "method not allowed")
}
