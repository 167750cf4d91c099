package genai

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAttributesOfSortsAndKeepsTheLastOfEachKey(t *testing.T) {
	got := AttributesOf([]Attribute{{"b", "1"}, {"a", "1"}, {"b", "2"}, {"c", "1"}, {"a", "2"}, {"b", "3"}})
	assert.Equal(t, Attributes{{"a", "2"}, {"b", "3"}, {"c", "1"}}, got)
	assert.Nil(t, AttributesOf(nil))
	assert.Nil(t, AttributesOf([]Attribute{}))
}

func TestAttributesGet(t *testing.T) {
	a := AttributesOf([]Attribute{{"x", "1"}, {"", "empty key"}, {"m", ""}})
	for key, want := range map[string]string{"x": "1", "": "empty key", "m": ""} {
		v, ok := a.Get(key)
		assert.True(t, ok, key)
		assert.Equal(t, want, v, key)
	}
	_, ok := a.Get("y")
	assert.False(t, ok)
	assert.Equal(t, map[string]string{"x": "1", "": "empty key", "m": ""}, a.Map())
}
