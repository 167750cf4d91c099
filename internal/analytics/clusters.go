package analytics

import (
	"context"
	"sort"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Clustering methods reported in QueryCluster.Method.
const (
	MethodEmbedding = "embedding"
	MethodLexical   = "lexical_tfidf"
)

// QueryCluster is a group of similar queries. Size counts the calls of its queries;
// SemanticSimilarity is the mean pairwise cosine of its members (1 for a single query).
type QueryCluster struct {
	ClusterID          int      `json:"cluster_id"`
	Label              string   `json:"label"`
	Size               uint64   `json:"size"`
	Queries            []string `json:"queries"`
	SemanticSimilarity float64  `json:"semantic_similarity"`
	Method             string   `json:"method"`
}

// ClusterOptions tunes QueryClusters.
type ClusterOptions struct {
	// TopQueries is how many distinct queries (most frequent first) are clustered.
	TopQueries int
	// Threshold is the cosine a query needs with a cluster's leader to join it; 0 picks the
	// method's default.
	Threshold float64
	// SampleSize is how many queries each cluster lists.
	SampleSize int
}

// Default thresholds: embeddings of related questions typically score ≥ 0.8; sparse TF-IDF
// vectors of short queries sharing their key terms ≥ 0.3.
const (
	DefaultEmbeddingThreshold = 0.8
	DefaultLexicalThreshold   = 0.3
)

// clusterCountsSQL ranks query groups (LIMIT WITH TIES, see popular queries); clusterTextsSQL
// reads text and the embedding of the earliest call that carries one, for those groups only.
const clusterCountsSQL = `
SELECT ` + queryGroup + ` AS grp, count() AS n
FROM {{db}}.genai_events FINAL
WHERE ` + eventWhere + ` AND query != ''
GROUP BY grp
ORDER BY n DESC
LIMIT {limit:UInt32} WITH TIES`

const clusterTextsSQL = `
SELECT ` + queryGroup + ` AS grp, argMin(query, timestamp),
	argMinIf(query_embedding, timestamp, length(query_embedding) > 0)
FROM {{db}}.genai_events FINAL
WHERE ` + eventWhere + ` AND query != '' AND grp IN {groups:Array(UInt64)}
GROUP BY grp`

// QueryClusters groups the top queries by embedding when every one of them carries an
// embedding of one dimension, else lexically (TF-IDF over their terms).
func (s *Store) QueryClusters(ctx context.Context, f Filter, opt ClusterOptions) ([]QueryCluster, error) {
	counts := map[uint64]uint64{}
	var groups []uint64
	err := s.query(ctx, "query clusters", f, clickhouse.Parameters{"limit": itoa(opt.TopQueries)}, clusterCountsSQL,
		func(r driver.Rows) error {
			var grp, n uint64
			if err := r.Scan(&grp, &n); err != nil {
				return err
			}
			counts[grp] = n
			groups = append(groups, grp)
			return nil
		})
	if err != nil || len(groups) == 0 {
		return []QueryCluster{}, err
	}
	var items []ClusterItem
	err = s.query(ctx, "query clusters: texts", f, clickhouse.Parameters{"groups": uint64List(groups)}, clusterTextsSQL,
		func(r driver.Rows) error {
			var grp uint64
			var it ClusterItem
			var emb []float32
			if err := r.Scan(&grp, &it.Text, &emb); err != nil {
				return err
			}
			it.Count = counts[grp]
			it.Vec = make([]float64, len(emb))
			for i, v := range emb {
				it.Vec[i] = float64(v)
			}
			items = append(items, it)
			return nil
		})
	if err != nil {
		return nil, err
	}
	sort.Slice(items, func(i, j int) bool {
		if items[i].Count != items[j].Count {
			return items[i].Count > items[j].Count
		}
		return items[i].Text < items[j].Text
	})
	if len(items) > opt.TopQueries {
		items = items[:opt.TopQueries]
	}
	return ClusterQueries(items, opt), nil
}

// ClusterItem is one distinct query with its call count and vector (its embedding, or nil
// for lexical clustering, which computes TF-IDF vectors itself).
type ClusterItem struct {
	Text  string
	Count uint64
	Vec   []float64
}

// ClusterQueries clusters items given most frequent first: each query joins the existing
// cluster whose leader (first member) is most similar when the cosine reaches the threshold,
// else it leads a new cluster. Deterministic for a given input order.
func ClusterQueries(items []ClusterItem, opt ClusterOptions) []QueryCluster {
	method := MethodEmbedding
	if !allEmbedded(items) {
		method = MethodLexical
		vectorizeTFIDF(items)
	}
	threshold := opt.Threshold
	if threshold <= 0 {
		threshold = DefaultLexicalThreshold
		if method == MethodEmbedding {
			threshold = DefaultEmbeddingThreshold
		}
	}
	var groups [][]int
	for i := range items {
		best, bestSim := -1, threshold
		for g, members := range groups {
			if sim := cosine(items[members[0]].Vec, items[i].Vec); sim >= bestSim {
				if best == -1 || sim > bestSim {
					best, bestSim = g, sim
				}
			}
		}
		if best == -1 {
			groups = append(groups, []int{i})
			continue
		}
		groups[best] = append(groups[best], i)
	}
	out := make([]QueryCluster, 0, len(groups))
	for _, members := range groups {
		c := QueryCluster{Method: method, SemanticSimilarity: meanPairwiseCosine(items, members)}
		for _, m := range members {
			c.Size += items[m].Count
			if len(c.Queries) < opt.SampleSize {
				c.Queries = append(c.Queries, items[m].Text)
			}
		}
		c.Label = items[members[0]].Text
		if method == MethodLexical {
			c.Label = topTermsLabel(items, members)
		}
		out = append(out, c)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Size > out[j].Size })
	for i := range out {
		out[i].ClusterID = i + 1
	}
	return out
}

func allEmbedded(items []ClusterItem) bool {
	if len(items) == 0 {
		return false
	}
	dim := len(items[0].Vec)
	for _, it := range items {
		if len(it.Vec) == 0 || len(it.Vec) != dim {
			return false
		}
	}
	return true
}

func meanPairwiseCosine(items []ClusterItem, members []int) float64 {
	if len(members) < 2 {
		return 1
	}
	var sum float64
	var pairs int
	for a := 0; a < len(members); a++ {
		for b := a + 1; b < len(members); b++ {
			sum += cosine(items[members[a]].Vec, items[members[b]].Vec)
			pairs++
		}
	}
	return sum / float64(pairs)
}
