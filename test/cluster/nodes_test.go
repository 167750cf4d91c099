//go:build cluster

package cluster

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/testutil/collectortest"
)

// clusterName is the <remote_servers> entry both nodes serve.
const clusterName = "analytics"

var repoRoot = filepath.Join("..", "..")

// node is one shard: a ClickHouse instance of this test alone, started and stopped through
// scripts/clickhouse.sh under its own instance name, ports and data dir (never the shared one).
type node struct {
	name      string
	tcp, http int
	dataDir   string
}

func (n *node) endpoint() string { return fmt.Sprintf("tcp://127.0.0.1:%d", n.tcp) }

// startCluster starts two nodes whose config declares a cluster of one replica per shard
// over both nodes' TCP ports, and stops them when the test ends.
func startCluster(t *testing.T) []*node {
	t.Helper()
	dir := t.TempDir()
	nodes := make([]*node, 2)
	for i := range nodes {
		nodes[i] = &node{name: fmt.Sprintf("cluster-shard%d", i+1), tcp: collectortest.FreePort(t), http: collectortest.FreePort(t)}
		nodes[i].dataDir = filepath.Join(dir, nodes[i].name)
	}
	var shards strings.Builder
	for _, n := range nodes {
		fmt.Fprintf(&shards, "<shard><replica><host>127.0.0.1</host><port>%d</port></replica></shard>", n.tcp)
	}
	configFile := filepath.Join(dir, "remote_servers.xml")
	xml := fmt.Sprintf("<clickhouse><remote_servers><%s>%s</%s></remote_servers></clickhouse>\n", clusterName, shards.String(), clusterName)
	if err := os.WriteFile(configFile, []byte(xml), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		n := n
		t.Cleanup(func() { n.script(t, configFile, "stop") })
		n.script(t, configFile, "start")
	}
	return nodes
}

// script runs scripts/clickhouse.sh for this node. Inserts into Distributed tables are
// synchronous (distributed_foreground_insert) so rows are on their shard when the insert returns.
func (n *node) script(t *testing.T, configFile, action string) {
	t.Helper()
	cmd := exec.Command("bash", filepath.Join(repoRoot, "scripts", "clickhouse.sh"), action)
	cmd.Env = append(os.Environ(),
		"CLICKHOUSE_ENDPOINT=",
		"CLICKHOUSE_INSTANCE="+n.name,
		fmt.Sprintf("CLICKHOUSE_TCP_PORT=%d", n.tcp),
		fmt.Sprintf("CLICKHOUSE_HTTP_PORT=%d", n.http),
		"CLICKHOUSE_DATA_DIR="+n.dataDir,
		"CLICKHOUSE_CONFIG_FILE="+configFile,
		"CLICKHOUSE_EXTRA_ARGS=--distributed_foreground_insert=1",
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("clickhouse.sh %s %s: %v\n%s", action, n.name, err, out)
	}
}

// conn opens a native connection to the node, closed when the test ends.
func (n *node) conn(t *testing.T) driver.Conn {
	t.Helper()
	return openConn(t, n.endpoint())
}

func openConn(t *testing.T, endpoint string) driver.Conn {
	t.Helper()
	opts, err := clickhouse.ParseDSN(endpoint)
	if err != nil {
		t.Fatal(err)
	}
	c, err := clickhouse.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.Ping(ctx); err != nil {
		t.Fatalf("ClickHouse at %s does not answer: %v", endpoint, err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// count runs a SELECT count()-like query returning one UInt64.
func count(t *testing.T, c driver.Conn, query string, args ...any) uint64 {
	t.Helper()
	var n uint64
	if err := c.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
