package genaianalyticsprocessor

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
)

// emitFunc receives one message: its role (normalized: user, assistant, system, tool) and text.
type emitFunc func(role, text string)

// normalizeRole maps the role names of the dialects onto the semconv ones.
func normalizeRole(r string) string {
	switch strings.ToLower(r) {
	case "user", "human":
		return "user"
	case "assistant", "ai", "model", "bot":
		return "assistant"
	case "system", "developer":
		return "system"
	case "tool", "function", "ipython":
		return "tool"
	}
	return r
}

func joinText(a, b string) string {
	switch {
	case b == "":
		return a
	case a == "":
		return b
	}
	return a + "\n" + b
}

// parseMessagesJSON reads messages from a JSON string in any of the shapes the dialects use:
// a list of messages, one message, a wrapper {"messages": […]} / {"prompt": …} (Vercel,
// OpenInference input.value), or plain text (one message of defaultRole). It reports whether
// anything was recognized.
func parseMessagesJSON(s, defaultRole string, emit emitFunc) bool {
	t := strings.TrimSpace(s)
	if t == "" {
		return false
	}
	if t[0] != '[' && t[0] != '{' {
		emit(defaultRole, t)
		return true
	}
	p := jsonScanner{s: t}
	n := 0
	count := func(role, text string) { n++; emit(role, text) }
	if t[0] == '[' {
		p.array(func() { p.messageElem(defaultRole, count) })
	} else {
		p.message(defaultRole, count)
	}
	return n > 0
}

// messageElem reads one element of a message list: an object or a bare string.
func (p *jsonScanner) messageElem(defaultRole string, emit emitFunc) {
	switch p.peek() {
	case '{':
		p.message(defaultRole, emit)
	case '"':
		emit(defaultRole, p.str())
	default:
		p.skip()
	}
}

// message reads one message object (or a wrapper holding messages) and emits it.
func (p *jsonScanner) message(defaultRole string, emit emitFunc) {
	role, text, own := p.messageBody(defaultRole, emit)
	if own && !p.bad {
		if role == "" {
			role = defaultRole
		}
		emit(normalizeRole(role), text)
	}
}

// messageBody reads the fields of a message object: its own role and text (own says whether
// it had content), emitting the messages of wrapper keys (messages, prompt) directly.
func (p *jsonScanner) messageBody(defaultRole string, emit emitFunc) (role, text string, own bool) {
	p.object(func(k string) {
		switch k {
		case "role":
			if p.peek() == '"' {
				role = p.str()
			} else {
				p.skip()
			}
		case "content", "parts":
			text = joinText(text, p.content())
			own = true
		case "text":
			if p.peek() == '"' {
				text = joinText(text, p.str())
				own = true
			} else {
				p.skip()
			}
		case "message":
			// gen_ai.choice body shape: {index, finish_reason, message:{role, content}}.
			if p.peek() != '{' {
				p.skip()
				return
			}
			if r, t, o := p.messageBody(defaultRole, emit); o {
				if r != "" {
					role = r
				}
				text, own = joinText(text, t), true
			}
		case "messages":
			if p.peek() == '[' {
				p.array(func() { p.messageElem(defaultRole, emit) })
			} else {
				p.skip()
			}
		case "prompt":
			// Vercel ai.prompt: {"prompt": "text"} or {"prompt": [messages]}.
			switch p.peek() {
			case '"':
				emit("user", p.str())
			case '[':
				p.array(func() { p.messageElem("user", emit) })
			default:
				p.skip()
			}
		default:
			p.skip()
		}
	})
	return role, text, own
}

// content reads message content: a string, a list of parts/blocks, or one part object.
func (p *jsonScanner) content() string {
	switch p.peek() {
	case '"':
		return p.str()
	case '[':
		text := ""
		p.array(func() {
			switch p.peek() {
			case '"':
				text = joinText(text, p.str())
			case '{':
				text = joinText(text, p.part())
			default:
				p.skip()
			}
		})
		return text
	case '{':
		return p.part()
	}
	p.skip()
	return ""
}

// part reads one content part: semconv {type:"text", content}, OpenAI/Anthropic/Vercel
// {type:"text", text}. Non-text parts (images, tool calls) give "".
func (p *jsonScanner) part() string {
	typ, text := "", ""
	p.object(func(k string) {
		switch k {
		case "type":
			if p.peek() == '"' {
				typ = p.str()
			} else {
				p.skip()
			}
		case "content", "text":
			if p.peek() == '"' {
				text = joinText(text, p.str())
			} else {
				p.skip()
			}
		default:
			p.skip()
		}
	})
	if !isTextPart(typ) {
		return ""
	}
	return text
}

func isTextPart(typ string) bool {
	switch typ {
	case "", "text", "input_text", "output_text":
		return true
	}
	return false
}

// valueMessages reads messages from an attribute or log body: a JSON string, or structured
// slices and maps in the same shapes.
func valueMessages(v pcommon.Value, defaultRole string, emit emitFunc) bool {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return parseMessagesJSON(v.Str(), defaultRole, emit)
	case pcommon.ValueTypeSlice:
		s, found := v.Slice(), false
		for i := 0; i < s.Len(); i++ {
			e := s.At(i)
			switch e.Type() {
			case pcommon.ValueTypeMap:
				found = mapMessage(e.Map(), defaultRole, emit) || found
			case pcommon.ValueTypeStr:
				emit(defaultRole, e.Str())
				found = true
			}
		}
		return found
	case pcommon.ValueTypeMap:
		return mapMessage(v.Map(), defaultRole, emit)
	}
	return false
}

// mapMessage reads one structured message (or a {messages: […]} wrapper).
func mapMessage(m pcommon.Map, defaultRole string, emit emitFunc) bool {
	if inner, ok := m.Get("messages"); ok {
		return valueMessages(inner, defaultRole, emit)
	}
	role := defaultRole
	if r, ok := m.Get("role"); ok && r.Str() != "" {
		role = normalizeRole(r.Str())
	}
	if inner, ok := m.Get("message"); ok && inner.Type() == pcommon.ValueTypeMap {
		return mapMessage(inner.Map(), role, emit)
	}
	text, found := "", false
	for _, k := range [...]string{"content", "parts", "text"} {
		if c, ok := m.Get(k); ok {
			text = joinText(text, valueContent(c))
			found = true
		}
	}
	if found {
		emit(role, text)
	}
	return found
}

func valueContent(v pcommon.Value) string {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return v.Str()
	case pcommon.ValueTypeSlice:
		s, text := v.Slice(), ""
		for i := 0; i < s.Len(); i++ {
			text = joinText(text, valueContent(s.At(i)))
		}
		return text
	case pcommon.ValueTypeMap:
		m := v.Map()
		if t, ok := m.Get("type"); ok && !isTextPart(t.Str()) {
			return ""
		}
		for _, k := range [...]string{"content", "text"} {
			if c, ok := m.Get(k); ok && c.Type() == pcommon.ValueTypeStr {
				return c.Str()
			}
		}
	}
	return ""
}
