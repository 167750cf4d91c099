package dashboard

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed assets
var assets embed.FS

// contentSecurityPolicy allows only the page's own scripts, styles and API calls: the page
// has no inline script and loads nothing from another origin.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// Mount registers the page ("/") and its asset folders on mux, leaving every other path to
// the API server's own routes (and its JSON 404).
func Mount(mux *http.ServeMux) {
	h := Handler()
	mux.Handle("GET /{$}", h)
	for _, dir := range assetDirs {
		mux.Handle("GET /"+dir+"/", h)
	}
}

// assetDirs are the top-level folders of assets/.
var assetDirs = []string{"css", "js"}

// Handler serves the dashboard: "/" is the page, other paths are its assets.
func Handler() http.Handler {
	sub, err := fs.Sub(assets, "assets")
	if err != nil { // the embedded tree is fixed at build time
		panic(err)
	}
	files := http.FileServer(http.FS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		p := path.Clean("/" + r.URL.Path)
		if p != "/" && !isAsset(sub, p) {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		// Assets change with the binary; revalidation is cheap (the embed FS has no mtime, so
		// this only avoids stale pages after an upgrade).
		h.Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}

// isAsset reports whether p names an embedded file (not a directory: no listings).
func isAsset(fsys fs.FS, p string) bool {
	st, err := fs.Stat(fsys, strings.TrimPrefix(p, "/"))
	return err == nil && !st.IsDir()
}
