package genaianalyticsprocessor

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelcol-aianalytics/otelcol-aianalytics/internal/genai"
)

// queryView is what callText.input keeps of a message list: whether there was any message and
// the last user message; and, for parseLastMessageJSON's contract, the last message when no
// message is a user one.
type queryView struct {
	found, hasUser bool
	query          string
	lastRole, last string
	ret            bool
}

func forwardView(s string) queryView {
	var v queryView
	v.ret = parseMessagesJSON(s, "user", v.record)
	return v.normalized()
}

func tailView(s string) queryView {
	var v queryView
	v.ret = parseLastMessageJSON(s, "user", "user", v.record)
	return v.normalized()
}

func (v *queryView) record(role, text string) {
	v.found = true
	v.lastRole, v.last = role, text
	if role == "user" {
		v.hasUser, v.query = true, text
	}
}

func (v queryView) normalized() queryView {
	if v.hasUser {
		v.lastRole, v.last = "", ""
	}
	return v
}

// mayDiffer reports whether the tail walk is allowed to differ from the forward walk on s: only
// when s is not valid JSON (invalid UTF-8 aside, which both walks pass through untouched) or
// the forward walk stops at an error of its own (nesting deeper than maxJSONDepth). The
// earlier elements are then never read by the tail walk (README, "Message content").
func mayDiffer(s string) bool {
	if !json.Valid([]byte(strings.ToValidUTF8(s, "\uFFFD"))) {
		return true
	}
	t := strings.TrimSpace(s)
	if t == "" || t[0] != '[' {
		return false
	}
	p := jsonScanner{s: t}
	p.array(func() { p.messageElem("user", func(string, string) {}) })
	return p.bad
}

// fallbackExpected: the only valid generated list the tail walk hands to the forward walk is
// the empty one.
func fallbackExpected(s string) bool {
	return strings.Join(strings.Fields(s), "") == "[]"
}

func TestLastMessageExamples(t *testing.T) {
	for _, s := range []string{
		`[]`, ` [ ] `, `[1]`, `["plain"]`, `[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]`,
		`[{"role":"user","content":"a \"quoted\" \\"},{"role":"tool","content":"x\\\\"}]`,
		`[{"role":"human","parts":[{"type":"text","content":"q"},{"type":"image","content":"i"}]}]`,
		`[{"messages":[{"role":"user","content":"inner"}],"role":"system","content":"s"}]`,
		`[{"prompt":"p"},{"prompt":[{"content":"p2"},"p3"]},{"role":"model","text":"t"}]`,
		`[{"index":0,"message":{"role":"user","content":"m"}}]`,
		`[{"role":"user","content":"a"},{"content":"b"},null,true,{"role":"bot","content":[]}]`,
		`[{"role":"user","content":"é\u00e9\ud83d\ude00 \ud800 \/"},{"role":"system","content":{"text":"x"}}]`,
		"\t[\n{\"role\" : \"user\" ,\r\"content\":\"a\"} ,\n{\"role\":\"assistant\"}\n]\n",
		`[[{"role":"user"}],{"role":"assistant","content":"b"}]`,
		`[{"role":"user","content":"a"},{"role":"user","content":"b"} {"role":"user","content":"c"}]`,
		`[{"role":"user","content":"a"}] ,{"role":"user","content":"b"}]`,
		`[{"role":"user","content":"a"},{"role":"user","content":"b\"}]`,
		`[{"role":"user","content":"a"},"\"]`, `["\\"]`, `[","]`, `["[",","]`, `[{"a":"}"}]`,
		`[{"role":"user","content":"a"},{"role":"user","content":"b"}]]`, `[[],]`, `[,]`, `[1,,2]`,
	} {
		fw, tl := forwardView(s), tailView(s)
		if fw != tl && !mayDiffer(s) {
			t.Errorf("%s: forward %+v, tail %+v", s, fw, tl)
		}
	}
}

// TestLastMessageMatchesForward compares the tail walk with the forward walk on generated lists:
// every dialect's message shapes, roles, escapes, unicode and whitespace. Valid JSON must give
// the same view; mutated JSON may differ only when it is malformed (mayDiffer).
func TestLastMessageMatchesForward(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for n := 0; n < 20000; n++ {
		s := genMessageList(r)
		if !json.Valid([]byte(s)) {
			t.Fatalf("generator made invalid JSON: %s", s)
		}
		if fw, tl := forwardView(s), tailView(s); fw != tl {
			t.Fatalf("%s\nforward %+v\ntail    %+v", s, fw, tl)
		}
		if _, ok := lastMessageFromEnd(strings.TrimSpace(s), "user", "user"); !ok && !fallbackExpected(s) {
			t.Fatalf("valid list not read from its end: %s", s)
		}
		m := mutate(r, s)
		if fw, tl := forwardView(m), tailView(m); fw != tl && !mayDiffer(m) {
			t.Fatalf("mutated %q\nforward %+v\ntail    %+v", m, fw, tl)
		}
	}
}

// FuzzLastMessage: on any input the tail walk agrees with the forward walk unless mayDiffer.
func FuzzLastMessage(f *testing.F) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 16; i++ {
		f.Add(genMessageList(r))
	}
	f.Add(`[{"role":"user","content":"a"},{"role":"user","content":"b\"}]`)
	f.Fuzz(func(t *testing.T, s string) {
		if fw, tl := forwardView(s), tailView(s); fw != tl && !mayDiffer(s) {
			t.Fatalf("forward %+v, tail %+v", fw, tl)
		}
	})
}

func TestLastMessageInExtractText(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for n := 0; n < 500; n++ {
		s := genMessageList(r)
		span := ptrace.NewSpan()
		span.Attributes().PutStr(genai.KeyInputMessages, s)
		a := indexAttrs(span.Attributes())
		got := extractText(&a, span.Events())
		if want := forwardView(s); got.query != want.query || got.inFound != want.found {
			t.Fatalf("%s: extractText %q/%v, forward %+v", s, got.query, got.inFound, want)
		}
	}
}

func genMessageList(r *rand.Rand) string {
	var b strings.Builder
	b.WriteString(genSpace(r) + "[")
	for i, n := 0, r.IntN(7); i < n; i++ {
		if i > 0 {
			b.WriteString(genSpace(r) + "," + genSpace(r))
		}
		b.WriteString(genElement(r, 0))
	}
	b.WriteString(genSpace(r) + "]" + genSpace(r))
	return b.String()
}

func genElement(r *rand.Rand, depth int) string {
	switch k := r.IntN(20); {
	case k < 12:
		return genMessage(r, depth)
	case k < 14:
		return genString(r)
	case k == 14 && depth < 3:
		return `{"messages":[` + genMessage(r, depth+1) + "," + genElement(r, depth+1) + `]}`
	case k == 15 && depth < 3:
		return `{"prompt":[` + genElement(r, depth+1) + `]}`
	case k == 16:
		return `{"prompt":` + genString(r) + `}`
	case k == 17 && depth < 3:
		return "[" + genElement(r, depth+1) + "]"
	}
	return [...]string{"1", "-2.5e3", "true", "false", "null", "{}", "[]"}[r.IntN(7)]
}

var genRoles = []string{"user", "User", "human", "assistant", "ai", "model", "bot", "system", "developer", "tool", "function", "ipython", "critic", ""}

func genMessage(r *rand.Rand, depth int) string {
	var fields []string
	if role := genRoles[r.IntN(len(genRoles))]; role != "" {
		fields = append(fields, `"role":`+jsonQuote(role))
	}
	for i, n := 0, r.IntN(3); i < n; i++ {
		switch r.IntN(7) {
		case 0:
			fields = append(fields, `"content":`+genString(r))
		case 1:
			fields = append(fields, `"parts":`+genParts(r))
		case 2:
			fields = append(fields, `"content":`+genParts(r))
		case 3:
			fields = append(fields, `"text":`+genString(r))
		case 4:
			if depth < 3 {
				fields = append(fields, `"message":`+genMessage(r, depth+1))
			}
		case 5:
			fields = append(fields, `"finish_reason":"stop","index":0,"meta":{"a":[1,{"b":"}"}]}`)
		default:
			fields = append(fields, `"content":{"type":"text","text":`+genString(r)+`}`)
		}
	}
	r.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
	return "{" + genSpace(r) + strings.Join(fields, ","+genSpace(r)) + genSpace(r) + "}"
}

func genParts(r *rand.Rand) string {
	types := []string{"text", "input_text", "output_text", "image", "tool_call", ""}
	var parts []string
	for i, n := 0, r.IntN(4); i < n; i++ {
		switch r.IntN(4) {
		case 0:
			parts = append(parts, genString(r))
		case 1:
			parts = append(parts, `{"type":"tool_call","arguments":{"q":"a]\"}"}}`)
		default:
			typ := types[r.IntN(len(types))]
			field := [...]string{"content", "text"}[r.IntN(2)]
			parts = append(parts, `{"type":`+jsonQuote(typ)+`,"`+field+`":`+genString(r)+`}`)
		}
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// genString makes a JSON string with the characters that matter to a backward walk: quotes,
// backslash runs, brackets, commas, escapes of every kind, surrogates and raw unicode.
func genString(r *rand.Rand) string {
	pieces := []string{
		"hello", " ", "price?", `\"`, `\\`, `\\\\`, `\\\"`, `\n`, `\t`, `\/`, `\b\f\r`, `\u00e9`,
		`\ud83d\ude00`, `\ud800`, `\uDC00x`, `\u005c`, `\u0022`, "[", "]", "{", "}", ",", ":",
		"é", "日本語", "😀", "\u2019",
	}
	var b strings.Builder
	b.WriteByte('"')
	for i, n := 0, r.IntN(8); i < n; i++ {
		b.WriteString(pieces[r.IntN(len(pieces))])
	}
	b.WriteByte('"')
	return b.String()
}

func genSpace(r *rand.Rand) string {
	return [...]string{"", "", "", " ", "\n  ", "\t", "\r\n"}[r.IntN(7)]
}

func jsonQuote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// mutate deletes, duplicates or inserts a byte (mostly JSON punctuation) somewhere in s.
func mutate(r *rand.Rand, s string) string {
	if s == "" {
		return s
	}
	i := r.IntN(len(s))
	switch r.IntN(3) {
	case 0:
		return s[:i] + s[i+1:]
	case 1:
		return s[:i] + s[i:i+1] + s[i:]
	}
	ins := [...]string{`"`, `\`, "[", "]", "{", "}", ",", ":", "\x01", "\xff"}[r.IntN(10)]
	return s[:i] + ins + s[i:]
}

func TestEscapedStringMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 9))
	for n := 0; n < 20000; n++ {
		s := genString(r)
		if strings.Contains(strings.ToLower(s), `\ud8`) || strings.Contains(strings.ToLower(s), `\udc`) {
			continue // lone and paired surrogates: TestEscapedStringSurrogates
		}
		checkAgainstJSON(t, s)
		if m := mutate(r, s); utf8.ValidString(m) && strings.HasPrefix(m, `"`) {
			checkAgainstJSON(t, m)
		}
	}
}

// FuzzEscapedString compares the scanner's strings with encoding/json on valid UTF-8 (the
// scanner keeps invalid bytes, encoding/json replaces them) without surrogate escapes (a high
// surrogate takes the next \u escape with it, encoding/json does not).
func FuzzEscapedString(f *testing.F) {
	for _, s := range []string{`"a\"b"`, `"\\\\"`, `"\u00e9x\ty"`, `"a\x"`, "\"a\x01\"", `"\u12"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.Contains(strings.ToLower(s), `\ud`) {
			return
		}
		checkAgainstJSON(t, s)
	})
}

func checkAgainstJSON(t *testing.T, s string) {
	t.Helper()
	p := jsonScanner{s: s}
	got := p.str()
	p.ws()
	var want string
	err := json.Unmarshal([]byte(s), &want)
	if valid := err == nil; valid != (!p.bad && p.i == len(s)) || valid && got != want {
		t.Fatalf("%q: scanner %q bad=%v at %d, encoding/json %q %v", s, got, p.bad, p.i, want, err)
	}
}

func TestEscapedStringSurrogates(t *testing.T) {
	for in, want := range map[string]string{
		`"\ud83d\ude00"`:    "😀",
		`"\ud83d\u0041!"`:   "\uFFFD!", // the escape after a high surrogate is taken with it
		`"\ud83dx"`:         "\uFFFDx",
		`"\ude00\ud83d"`:    "\uFFFD\uFFFD",
		`"\ud83d\uzzzz"`:    "\uFFFDzzzz",
		`"a\ud83d\u"`:       "a\uFFFD",
		`"\u00E9\u00e9\\"`:  "éé\\",
		`"x\"\\\/\b\f\r\t"`: "x\"\\/\b\f\r\t",
	} {
		p := jsonScanner{s: in}
		if got := p.str(); got != want || p.bad || p.i != len(in) {
			t.Errorf("%s: got %q bad=%v at %d, want %q", in, got, p.bad, p.i, want)
		}
	}
}

// BenchmarkParseLastMessage is BenchmarkParseMessages through the tail walk extractText uses.
func BenchmarkParseLastMessage(b *testing.B) {
	s := benchInputMessages(b)
	start := cpuTime()
	defer func() { b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op") }()
	for b.Loop() {
		var q string
		parseLastMessageJSON(s, "user", "user", func(role, text string) {
			if role == "user" {
				q = text
			}
		})
		if q == "" {
			b.Fatal("no query")
		}
	}
}

// TestLastMessageNestingLimit: an element is read with the depth it has in the forward walk, so
// the nesting limit falls at the same place.
func TestLastMessageNestingLimit(t *testing.T) {
	for _, levels := range []int{maxJSONDepth - 1, maxJSONDepth} {
		s := `["x",` + strings.Repeat(`{"message":`, levels-1) + `{"role":"user","content":"q"}` + strings.Repeat("}", levels-1) + "]"
		_, ok := lastMessageFromEnd(s, "user", "user")
		if fw, tl := forwardView(s), tailView(s); ok != (levels < maxJSONDepth) || fw != tl {
			t.Errorf("%d levels: tail walk ok=%v, forward %+v, tail %+v", levels, ok, fw, tl)
		}
	}
}

func TestEscapedStringAllocatesOnce(t *testing.T) {
	s := `"` + strings.Repeat(`line \"quoted\"\n\u00e9 `, 40) + `"`
	if n := testing.AllocsPerRun(100, func() {
		p := jsonScanner{s: s}
		if p.str() == "" || p.bad {
			t.Fatal("not read")
		}
	}); n != 1 {
		t.Fatalf("%v allocations, want 1", n)
	}
}
