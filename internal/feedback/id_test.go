package feedback

import (
	"crypto/sha1" //nolint:gosec // the reference of a name-based UUID
	"encoding/binary"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
)

// TestContentIDIsTheNameBasedUUID pins contentID to uuid.NewHash over the length-prefixed
// parts (the ids already stored must not change), short names and names beyond its stack
// buffer alike.
func TestContentIDIsTheNameBasedUUID(t *testing.T) {
	reference := func(parts ...string) string {
		var name []byte
		for _, p := range parts {
			name = binary.AppendUvarint(name, uint64(len(p)))
			name = append(name, p...)
		}
		return uuid.NewHash(sha1.New(), idNamespace, name, 5).String() //nolint:gosec // as contentID
	}
	for _, parts := range [][]string{
		nil,
		{""},
		{"implicit_follow_up", "acme", "resp-1", "", ""},
		{"ab", "c"},
		{"a", "bc"},
		{"feedback", strings.Repeat("long ", 100), "ü\xff"},
	} {
		assert.Equal(t, reference(parts...), contentID(parts...), "%q", parts)
	}
	assert.Zero(t, testing.AllocsPerRun(10, func() { _ = contentID("implicit_follow_up", "acme", "resp-1") })-1,
		"one allocation: the id's text")
}
