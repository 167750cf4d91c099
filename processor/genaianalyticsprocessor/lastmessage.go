package genaianalyticsprocessor

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// valueLastMessage is valueMessages for a reader that keeps only the last message of role want
// and whether there was any message (callText.input): it emits the last message of role want,
// or if there is none the last message, and reports whether there was any.
func valueLastMessage(v pcommon.Value, defaultRole, want string, emit emitFunc) bool {
	if v.Type() == pcommon.ValueTypeStr {
		return parseLastMessageJSON(v.Str(), defaultRole, want, emit)
	}
	return valueMessages(v, defaultRole, emit)
}

// parseLastMessageJSON is parseMessagesJSON seen through "last message of role want, and was
// there any": a JSON list is read from its end, element by element, and the walk stops at the
// first element holding a message of role want, so the earlier turns (system prompt, history)
// are not parsed. Anything else, or a list whose end the backward walk cannot delimit, goes
// through parseMessagesJSON.
func parseLastMessageJSON(s, defaultRole, want string, emit emitFunc) bool {
	m, ok := lastMessageFromEnd(strings.TrimSpace(s), defaultRole, want)
	if !ok {
		return parseMessagesJSON(s, defaultRole, emit)
	}
	switch {
	case m.hasWant:
		emit(want, m.want)
	case m.any:
		emit(m.role, m.text)
	}
	return m.any
}

// lastMessageFromEnd reads the list t backwards until an element holds a message of role want;
// ok is false when t is not a list or the walk meets something it does not understand.
func lastMessageFromEnd(t, defaultRole, want string) (last lastMessage, ok bool) {
	if len(t) < 2 || t[0] != '[' || t[len(t)-1] != ']' {
		return lastMessage{}, false
	}
	for end := len(t) - 1; ; {
		start, sep, ok := prevElement(t, end)
		if !ok {
			return lastMessage{}, false
		}
		var m lastMessage
		p := jsonScanner{s: t[:end], i: start, depth: 1} // depth 1: inside the list, as forward
		p.messageElem(defaultRole, m.record(want))
		if p.ws(); p.bad || p.i != end {
			return lastMessage{}, false
		}
		if m.hasWant {
			return m, true
		}
		if !last.any {
			last = m
		}
		if sep == 0 {
			return last, true
		}
		end = sep
	}
}

// lastMessage keeps what parseLastMessageJSON needs of one element's messages.
type lastMessage struct {
	want, role, text string
	hasWant, any     bool
}

func (m *lastMessage) record(want string) emitFunc {
	return func(role, text string) {
		m.role, m.text, m.any = role, text, true
		if role == want {
			m.want, m.hasWant = text, true
		}
	}
}

// prevElement finds the top-level element of the list t that ends before end (the index of the
// ',' or ']' after it): start is where its text begins, sep the index of the ',' before it or 0
// for the opening '['. It walks backwards tracking strings and brackets; ok is false for
// anything valid JSON would not hold (an escaped quote outside a string, mismatched or too
// deeply nested brackets, a '[' or '{' closing the walk anywhere but at t[0]).
func prevElement(t string, end int) (start, sep int, ok bool) {
	var closers uint64 // one bit per open level, innermost lowest: 1 for '}', 0 for ']'
	depth := 0
	for i := end - 1; i >= 0; i-- {
		switch c := t[i]; c {
		case '"':
			if backslashesBefore(t, i)%2 != 0 {
				return 0, 0, false
			}
			if i = openingQuote(t, i); i < 0 {
				return 0, 0, false
			}
		case ']', '}':
			if depth == 64 {
				return 0, 0, false
			}
			closers = closers<<1 | boolBit(c == '}')
			depth++
		case '[', '{':
			if depth == 0 {
				if c == '[' && i == 0 {
					return 1, 0, true
				}
				return 0, 0, false
			}
			if closers&1 != boolBit(c == '{') {
				return 0, 0, false
			}
			closers >>= 1
			depth--
		case ',':
			if depth == 0 {
				return i + 1, i, true
			}
		}
	}
	return 0, 0, false
}

// openingQuote returns the index of the quote opening the string closed by the quote at
// close, or -1. Quotes inside the string are escaped (an odd number of backslashes before
// them); the opening one has none, as it follows punctuation or whitespace.
func openingQuote(t string, close int) int {
	for i := close; ; {
		i = lastIndexQuote(t[:i])
		if i < 0 {
			return -1
		}
		switch n := backslashesBefore(t, i); {
		case n == 0:
			return i
		case n%2 == 0:
			return -1
		}
	}
}

func boolBit(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}
