package analytics

import (
	"strconv"
	"strings"
)

func itoa(i int) string { return strconv.Itoa(i) }

// percent returns part/total×100, 0 when total is 0.
func percent(part, total uint64) float64 {
	if total == 0 {
		return 0
	}
	return float64(part) * 100 / float64(total)
}

// replaceGroup puts a column name chosen from a fixed map (never user text) into a template.
func replaceGroup(tmpl, column string) string {
	return strings.ReplaceAll(tmpl, "%GROUP%", column)
}

// replaceMembers puts one of the fixed member subqueries into a template.
func replaceMembers(tmpl, members string) string {
	return strings.ReplaceAll(tmpl, "%MEMBERS%", members)
}

// uint64List renders ids as an Array(UInt64) query parameter.
func uint64List(ids []uint64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatUint(id, 10)
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// stringList renders values as an Array(String) query parameter (quoted and escaped).
func stringList(values []string) string {
	escape := strings.NewReplacer(`\`, `\\`, `'`, `\'`)
	var b strings.Builder
	b.WriteByte('[')
	for i, v := range values {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('\'')
		_, _ = escape.WriteString(&b, v)
		b.WriteByte('\'')
	}
	b.WriteByte(']')
	return b.String()
}
