package clickhouseanalyticsexporter

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

//go:embed schema/*.sql
var schemaFS embed.FS

// migration is one embedded schema file.
type migration struct {
	version uint32
	name    string
	body    string
}

// loadMigrations reads the embedded migrations, ordered by version.
func loadMigrations() ([]migration, error) {
	entries, err := fs.Glob(schemaFS, "schema/*.sql")
	if err != nil {
		return nil, fmt.Errorf("listing embedded schema: %w", err)
	}
	out := make([]migration, 0, len(entries))
	for _, e := range entries {
		base := path.Base(e)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.ParseUint(num, 10, 32)
		if !ok || err != nil {
			return nil, fmt.Errorf("schema file %s: name must start with a version number and '_'", base)
		}
		body, err := schemaFS.ReadFile(e)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", base, err)
		}
		out = append(out, migration{version: uint32(v), name: base, body: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("schema files %s and %s share version %d", out[i-1].name, out[i].name, out[i].version)
		}
	}
	return out, nil
}

// schemaParams renders migrations; every value comes from validated configuration.
type schemaParams struct {
	DB       string
	database string
	cluster  string
	ttl      map[string]time.Duration
	// perNode: the statements go to every node of cluster_nodes, so no ON CLUSTER (cluster.go).
	perNode bool
	// replicated renders Replicated*MergeTree engines (table_engine).
	replicated bool
}

func newSchemaParams(cfg *Config) schemaParams {
	return schemaParams{DB: quoteIdent(cfg.Database), database: cfg.Database, cluster: cfg.ClusterName, ttl: cfg.TTL.durations(),
		perNode: len(cfg.ClusterNodes) > 0, replicated: cfg.replicatedEngines()}
}

// OnCluster renders the ON CLUSTER clause (empty for a single node).
func (p schemaParams) OnCluster() string {
	if p.cluster == "" || p.perNode {
		return ""
	}
	return "ON CLUSTER " + quoteIdent(p.cluster)
}

// Engine renders a table engine with its parameters: the Replicated variant on a cluster.
func (p schemaParams) Engine(kind string, params ...string) string {
	if p.replicated {
		return "Replicated" + kind + "(" + strings.Join(append([]string{p.replicaPath()}, params...), ", ") + ")"
	}
	return kind + "(" + strings.Join(params, ", ") + ")"
}

// TTL renders a TTL clause for the named table's configured duration, or nothing.
func (p schemaParams) TTL(table, column string) string {
	d := p.ttl[table]
	if d <= 0 {
		return ""
	}
	return fmt.Sprintf("TTL toDateTime(%s) + toIntervalSecond(%d)", column, int64(d/time.Second))
}

func (m migration) render(p schemaParams) ([]string, error) {
	tmpl, err := template.New(m.name).Option("missingkey=error").Parse(m.body)
	if err != nil {
		return nil, fmt.Errorf("parsing %s: %w", m.name, err)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, p); err != nil {
		return nil, fmt.Errorf("rendering %s: %w", m.name, err)
	}
	stmts := splitStatements(buf.String())
	if p.cluster != "" {
		return p.clusterize(stmts), nil // local tables + Distributed tables (cluster.go)
	}
	return stmts, nil
}

// splitStatements splits on ';' at the end of a line and drops comment-only chunks.
func splitStatements(sql string) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if stmt := strings.TrimSpace(stripComments(cur.String())); stmt != "" {
			out = append(out, stmt)
		}
		cur.Reset()
	}
	for _, line := range strings.Split(sql, "\n") {
		trimmed := strings.TrimRight(line, " \t\r")
		if strings.HasSuffix(trimmed, ";") {
			cur.WriteString(strings.TrimSuffix(trimmed, ";"))
			flush()
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
	}
	flush()
	return out
}

func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func quoteIdent(s string) string { return "`" + s + "`" }

// migrate creates the database, applies every migration not yet recorded and gives the tables
// the configured TTLs. Statements are idempotent, so two collectors migrating at once end in
// the same schema.
func migrate(ctx context.Context, conn driver.Conn, cfg *Config) error {
	p := newSchemaParams(cfg)
	migrations, err := loadMigrations()
	if err != nil {
		return err
	}
	if err := conn.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+p.DB+" "+p.OnCluster()); err != nil {
		return fmt.Errorf("creating database %s: %w", cfg.Database, err)
	}
	ddl := "CREATE TABLE IF NOT EXISTS " + p.DB + ".schema_migrations " + p.OnCluster() +
		" (version UInt32, name String, applied_at DateTime DEFAULT now()) ENGINE = ReplacingMergeTree ORDER BY version"
	if err := conn.Exec(ctx, ddl); err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	applied, err := appliedVersions(ctx, conn, p.DB)
	if err != nil {
		return err
	}
	for _, m := range migrations {
		if applied[m.version] {
			continue
		}
		stmts, err := m.render(p)
		if err != nil {
			return err
		}
		for _, stmt := range stmts {
			if err := conn.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
		}
		if err := conn.Exec(ctx, "INSERT INTO "+p.DB+".schema_migrations (version, name) VALUES (?, ?)", m.version, m.name); err != nil {
			return fmt.Errorf("recording migration %s: %w", m.name, err)
		}
	}
	return reconcileTTLs(ctx, conn, p)
}

func appliedVersions(ctx context.Context, conn driver.Conn, db string) (map[uint32]bool, error) {
	rows, err := conn.Query(ctx, "SELECT version FROM "+db+".schema_migrations FINAL")
	if err != nil {
		return nil, fmt.Errorf("reading schema_migrations: %w", err)
	}
	defer rows.Close()
	out := map[uint32]bool{}
	for rows.Next() {
		var v uint32
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("scanning schema_migrations: %w", err)
		}
		out[v] = true
	}
	return out, rows.Err()
}
