package pricing

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"
)

var errNegativePrice = errors.New("price must be a non-negative number")

// File is a price list in the genai-prices JSON format (github.com/pydantic/genai-prices,
// prices/data.json): providers with match rules, models with match rules and prices.
//
// Supported: match rules equals, starts_with, ends_with, contains, regex, or, and (on provider
// and model); provider_match / model_match / fallback_model_providers; prices input_mtok,
// output_mtok, cache_read_mtok, cache_write_mtok as numbers or {base, tiers:[{start, price}]}
// (the tier is chosen by the call's total input tokens); conditional price lists with
// constraints start_date and start_time/end_time (UTC time of day).
// Not supported (ignored, the text-token prices still apply): audio token prices
// (input_audio_mtok, output_audio_mtok, cache_audio_read_mtok), requests_kcount, and the
// extractors / api_pattern blocks (they describe raw API responses, not spans).
type File struct {
	providers []fileProvider
}

type fileProvider struct {
	ID                     string      `json:"id"`
	ModelMatch             *matchRule  `json:"model_match"`
	ProviderMatch          *matchRule  `json:"provider_match"`
	FallbackModelProviders []string    `json:"fallback_model_providers"`
	Models                 []fileModel `json:"models"`
}

type fileModel struct {
	ID     string          `json:"id"`
	Match  matchRule       `json:"match"`
	Prices json.RawMessage `json:"prices"`
	prices []conditionalPrice
}

type conditionalPrice struct {
	Constraint *priceConstraint `json:"constraint"`
	Prices     modelPrices      `json:"prices"`
}

type priceConstraint struct {
	StartDate string `json:"start_date"`
	StartTime string `json:"start_time"`
	EndTime   string `json:"end_time"`
	startDate time.Time
	startTOD  time.Duration
	endTOD    time.Duration
	hasTOD    bool
}

type modelPrices struct {
	Input      *tieredPrice `json:"input_mtok"`
	Output     *tieredPrice `json:"output_mtok"`
	CacheRead  *tieredPrice `json:"cache_read_mtok"`
	CacheWrite *tieredPrice `json:"cache_write_mtok"`
}

// tieredPrice is a number or {base, tiers:[{start, price}]}.
type tieredPrice struct {
	Base  float64
	Tiers []struct {
		Start int64   `json:"start"`
		Price float64 `json:"price"`
	}
}

func (t *tieredPrice) UnmarshalJSON(b []byte) error {
	var f float64
	if err := json.Unmarshal(b, &f); err == nil {
		t.Base = f
		return nil
	}
	var obj struct {
		Base  float64 `json:"base"`
		Tiers []struct {
			Start int64   `json:"start"`
			Price float64 `json:"price"`
		} `json:"tiers"`
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		return fmt.Errorf("price: want a number or {base, tiers}: %w", err)
	}
	t.Base, t.Tiers = obj.Base, obj.Tiers
	return nil
}

func (t *tieredPrice) at(inputTokens int64) float64 {
	p := t.Base
	for _, tier := range t.Tiers {
		if inputTokens >= tier.Start {
			p = tier.Price
		}
	}
	return p
}

// matchRule is one genai-prices match clause.
type matchRule struct {
	Equals     *string     `json:"equals"`
	StartsWith *string     `json:"starts_with"`
	EndsWith   *string     `json:"ends_with"`
	Contains   *string     `json:"contains"`
	Regex      *string     `json:"regex"`
	Or         []matchRule `json:"or"`
	And        []matchRule `json:"and"`
	re         *regexp.Regexp
}

func (m *matchRule) compile() error {
	if m.Regex != nil {
		re, err := regexp.Compile(*m.Regex)
		if err != nil {
			return fmt.Errorf("regex %q: %w", *m.Regex, err)
		}
		m.re = re
	}
	for i := range m.Or {
		if err := m.Or[i].compile(); err != nil {
			return err
		}
	}
	for i := range m.And {
		if err := m.And[i].compile(); err != nil {
			return err
		}
	}
	return nil
}

func (m *matchRule) matches(s string) bool {
	switch {
	case m.Equals != nil:
		return s == *m.Equals
	case m.StartsWith != nil:
		return strings.HasPrefix(s, *m.StartsWith)
	case m.EndsWith != nil:
		return strings.HasSuffix(s, *m.EndsWith)
	case m.Contains != nil:
		return strings.Contains(s, *m.Contains)
	case m.re != nil:
		return m.re.MatchString(s)
	case len(m.Or) > 0:
		for i := range m.Or {
			if m.Or[i].matches(s) {
				return true
			}
		}
		return false
	case len(m.And) > 0:
		for i := range m.And {
			if !m.And[i].matches(s) {
				return false
			}
		}
		return true
	}
	return false
}

// LoadFile reads a genai-prices JSON file.
func LoadFile(path string) (*File, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading pricing file: %w", err)
	}
	f, err := ParseFile(raw)
	if err != nil {
		return nil, fmt.Errorf("pricing file %s: %w", path, err)
	}
	return f, nil
}

// ParseFile parses genai-prices JSON.
func ParseFile(raw []byte) (*File, error) {
	var f File
	if err := json.Unmarshal(raw, &f.providers); err != nil {
		return nil, fmt.Errorf("want a JSON array of providers: %w", err)
	}
	for pi := range f.providers {
		p := &f.providers[pi]
		for _, r := range []*matchRule{p.ModelMatch, p.ProviderMatch} {
			if r != nil {
				if err := r.compile(); err != nil {
					return nil, fmt.Errorf("provider %s: %w", p.ID, err)
				}
			}
		}
		for mi := range p.Models {
			m := &p.Models[mi]
			if err := m.Match.compile(); err != nil {
				return nil, fmt.Errorf("model %s/%s: %w", p.ID, m.ID, err)
			}
			if err := m.parsePrices(); err != nil {
				return nil, fmt.Errorf("model %s/%s: %w", p.ID, m.ID, err)
			}
		}
	}
	return &f, nil
}

func (m *fileModel) parsePrices() error {
	raw := strings.TrimSpace(string(m.Prices))
	if raw == "" {
		return errors.New("no prices")
	}
	if raw[0] == '[' {
		if err := json.Unmarshal(m.Prices, &m.prices); err != nil {
			return fmt.Errorf("conditional prices: %w", err)
		}
	} else {
		var p modelPrices
		if err := json.Unmarshal(m.Prices, &p); err != nil {
			return fmt.Errorf("prices: %w", err)
		}
		m.prices = []conditionalPrice{{Prices: p}}
	}
	for i := range m.prices {
		if c := m.prices[i].Constraint; c != nil {
			if err := c.parse(); err != nil {
				return err
			}
		}
	}
	m.Prices = nil
	return nil
}

func (c *priceConstraint) parse() error {
	if c.StartDate != "" {
		d, err := time.Parse(time.DateOnly, c.StartDate)
		if err != nil {
			return fmt.Errorf("constraint start_date: %w", err)
		}
		c.startDate = d
	}
	if c.StartTime != "" || c.EndTime != "" {
		s, err1 := parseTOD(c.StartTime)
		e, err2 := parseTOD(c.EndTime)
		if err := errors.Join(err1, err2); err != nil {
			return fmt.Errorf("constraint time of day: %w", err)
		}
		c.startTOD, c.endTOD, c.hasTOD = s, e, true
	}
	return nil
}

func parseTOD(s string) (time.Duration, error) {
	t, err := time.Parse("15:04:05Z07:00", s)
	if err != nil {
		return 0, err
	}
	t = t.UTC()
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second, nil
}

func (c *priceConstraint) holds(at time.Time) bool {
	at = at.UTC()
	if !c.startDate.IsZero() && at.Before(c.startDate) {
		return false
	}
	if c.hasTOD {
		tod := at.Sub(at.Truncate(24 * time.Hour))
		if c.startTOD <= c.endTOD {
			return tod >= c.startTOD && tod < c.endTOD
		}
		return tod >= c.startTOD || tod < c.endTOD
	}
	return true
}

// Lookup finds the price of a model for a call at time at with the given input size (which
// selects the tier). provider may be empty.
func (f *File) Lookup(provider, model string, at time.Time, inputTokens int64) (Price, bool) {
	if f == nil || model == "" {
		return Price{}, false
	}
	names := modelVariants(model)
	if provider != "" {
		if p := f.providerFor(provider); p != nil {
			if pr, ok := f.searchProvider(p, names, at, inputTokens, true); ok {
				return pr, true
			}
		}
	}
	for i := range f.providers {
		p := &f.providers[i]
		if p.ModelMatch != nil && anyMatch(p.ModelMatch, names) {
			if pr, ok := f.searchProvider(p, names, at, inputTokens, false); ok {
				return pr, true
			}
		}
	}
	for i := range f.providers {
		if pr, ok := f.searchProvider(&f.providers[i], names, at, inputTokens, false); ok {
			return pr, true
		}
	}
	return Price{}, false
}

// providerIDs maps semconv provider names to genai-prices provider ids.
var providerIDs = map[string]string{
	"aws.bedrock": "aws", "azure.ai.openai": "azure", "azure.ai.inference": "azure",
	"gcp.gemini": "google", "gcp.vertex_ai": "google", "gcp.gen_ai": "google",
	"mistral_ai": "mistral", "x_ai": "x-ai", "xai": "x-ai",
}

func (f *File) providerFor(provider string) *fileProvider {
	name := strings.ToLower(strings.TrimSpace(provider))
	id := name
	if mapped, ok := providerIDs[name]; ok {
		id = mapped
	}
	for i := range f.providers {
		if f.providers[i].ID == id {
			return &f.providers[i]
		}
	}
	for i := range f.providers {
		if pm := f.providers[i].ProviderMatch; pm != nil && pm.matches(name) {
			return &f.providers[i]
		}
	}
	return nil
}

func (f *File) searchProvider(p *fileProvider, names []string, at time.Time, in int64, fallbacks bool) (Price, bool) {
	for mi := range p.Models {
		m := &p.Models[mi]
		if anyMatch(&m.Match, names) {
			return m.priceAt(at, in), true
		}
	}
	if fallbacks {
		for _, id := range p.FallbackModelProviders {
			for i := range f.providers {
				if f.providers[i].ID == id {
					if pr, ok := f.searchProvider(&f.providers[i], names, at, in, false); ok {
						return pr, true
					}
				}
			}
		}
	}
	return Price{}, false
}

func anyMatch(r *matchRule, names []string) bool {
	for _, n := range names {
		if r.matches(n) {
			return true
		}
	}
	return false
}

// modelVariants are the spellings tried in order: as sent, lower case, and normalized.
func modelVariants(model string) []string {
	raw := strings.TrimSpace(model)
	out := []string{raw}
	if l := strings.ToLower(raw); l != raw {
		out = append(out, l)
	}
	if n := Normalize(raw); n != out[len(out)-1] && n != raw {
		out = append(out, n)
	}
	return out
}

// priceAt picks the last conditional price whose constraint holds at time at.
func (m *fileModel) priceAt(at time.Time, in int64) Price {
	chosen := &m.prices[0].Prices
	for i := range m.prices {
		if c := m.prices[i].Constraint; c == nil || c.holds(at) {
			chosen = &m.prices[i].Prices
		}
	}
	var p Price
	if chosen.Input != nil {
		p.InputMTok = chosen.Input.at(in)
	}
	if chosen.Output != nil {
		p.OutputMTok = chosen.Output.at(in)
	}
	if chosen.CacheRead != nil {
		p.CacheReadMTok = ptr(chosen.CacheRead.at(in))
	}
	if chosen.CacheWrite != nil {
		p.CacheWriteMTok = ptr(chosen.CacheWrite.at(in))
	}
	return p
}
