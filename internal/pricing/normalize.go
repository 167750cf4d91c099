package pricing

import "strings"

// Family maps a provider name (semconv gen_ai.provider.name, deprecated gen_ai.system, or the
// names other dialects use) to the family whose price list applies. Azure OpenAI global
// deployments cost what OpenAI charges, so azure maps to openai.
func Family(provider string) string {
	p := strings.ToLower(strings.TrimSpace(provider))
	switch {
	case p == "":
		return ""
	case strings.Contains(p, "azure"):
		return "openai"
	case strings.Contains(p, "bedrock"), p == "aws", strings.HasPrefix(p, "amazon"):
		return "bedrock"
	case strings.Contains(p, "anthropic"):
		return "anthropic"
	case strings.Contains(p, "openai"):
		return "openai"
	case strings.HasPrefix(p, "gcp"), strings.Contains(p, "gemini"), strings.Contains(p, "google"), strings.Contains(p, "vertex"):
		return "google"
	case strings.Contains(p, "mistral"):
		return "mistral"
	case strings.Contains(p, "deepseek"):
		return "deepseek"
	case p == "x_ai" || p == "xai" || p == "x-ai" || strings.Contains(p, "grok"):
		return "xai"
	case strings.Contains(p, "groq"):
		return "groq"
	}
	return p
}

// bedrockRegions are the cross-region inference prefixes of Bedrock model ids.
var bedrockRegions = []string{"us-gov.", "us.", "eu.", "apac.", "jp.", "au.", "ca.", "global."}

// bedrockVendors are the vendor prefixes of Bedrock model ids.
var bedrockVendors = []string{"anthropic.", "amazon.", "meta.", "mistral.", "deepseek.", "openai.", "cohere.", "qwen.", "google.", "ai21.", "writer."}

// Normalize reduces a model name to the form of the built-in table: lower case, without routing
// prefixes (openai/gpt-4o, models/gemini-…, us.anthropic.claude-…), Bedrock version suffixes
// (-v1:0), Vertex @dates, and trailing dates or -latest (gpt-4o-2024-08-06 → gpt-4o).
func Normalize(model string) string {
	m := strings.ToLower(strings.TrimSpace(model))
	if i := strings.LastIndexByte(m, '/'); i >= 0 {
		m = m[i+1:]
	}
	for _, p := range bedrockRegions {
		if strings.HasPrefix(m, p) {
			m = m[len(p):]
			break
		}
	}
	for _, p := range bedrockVendors {
		if strings.HasPrefix(m, p) {
			m = m[len(p):]
			break
		}
	}
	if i := strings.IndexByte(m, '@'); i > 0 {
		m = m[:i]
	}
	if i := strings.LastIndexByte(m, ':'); i > 0 {
		m = m[:i]
	}
	m = trimVersionSuffix(m)
	m = strings.TrimSuffix(m, "-latest")
	return trimDateSuffix(m)
}

// trimVersionSuffix removes a Bedrock "-vN" suffix.
func trimVersionSuffix(m string) string {
	i := strings.LastIndex(m, "-v")
	if i <= 0 || i+2 >= len(m) || !allDigits(m[i+2:]) {
		return m
	}
	return m[:i]
}

// trimDateSuffix removes -YYYY-MM-DD, -YYYYMMDD and -YYYY-MM forms.
func trimDateSuffix(m string) string {
	for {
		cut := m
		switch {
		case len(m) > 11 && m[len(m)-11] == '-' && isDate(m[len(m)-10:]):
			cut = m[:len(m)-11]
		case len(m) > 9 && m[len(m)-9] == '-' && allDigits(m[len(m)-8:]) && m[len(m)-8] == '2':
			cut = m[:len(m)-9]
		}
		if cut == m {
			return m
		}
		m = cut
	}
}

func isDate(s string) bool {
	return len(s) == 10 && allDigits(s[:4]) && s[4] == '-' && allDigits(s[5:7]) && s[7] == '-' && allDigits(s[8:])
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
