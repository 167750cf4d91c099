package pricing

// builtinEntry is one row of the built-in table: USD per million tokens; -1 = no distinct price.
type builtinEntry struct {
	family, model                      string
	in, cacheRead, cacheWrite, out, rs float64
}

// builtinPrices holds list prices (standard tier, short context) of current models, from the
// providers' public price pages as collected by the genai-prices project (2026-08). Long-context
// tiers, batch discounts, off-peak discounts and Bedrock regional surcharges are not modelled:
// use overrides or a pricing_file for those. Names are in Normalize form.
var builtinPrices = []builtinEntry{
	// OpenAI (Azure OpenAI global deployments use the same list).
	{"openai", "gpt-5.6-sol", 5, 0.5, 6.25, 30, -1},
	{"openai", "gpt-5.6", 5, 0.5, 6.25, 30, -1},
	{"openai", "gpt-5.6-terra", 2.5, 0.25, 3.125, 15, -1},
	{"openai", "gpt-5.6-luna", 1, 0.1, 1.25, 6, -1},
	{"openai", "gpt-5.5", 5, 0.5, -1, 30, -1},
	{"openai", "gpt-5.5-pro", 30, -1, -1, 180, -1},
	{"openai", "gpt-5.4", 2.5, 0.25, -1, 15, -1},
	{"openai", "gpt-5.4-pro", 30, -1, -1, 180, -1},
	{"openai", "gpt-5.4-mini", 0.75, 0.075, -1, 4.5, -1},
	{"openai", "gpt-5.4-nano", 0.2, 0.02, -1, 1.25, -1},
	{"openai", "gpt-5.3", 1.75, 0.175, -1, 14, -1},
	{"openai", "gpt-5.2", 1.75, 0.175, -1, 14, -1},
	{"openai", "gpt-5.2-pro", 21, -1, -1, 168, -1},
	{"openai", "gpt-5.1", 1.25, 0.125, -1, 10, -1},
	{"openai", "gpt-5", 1.25, 0.125, -1, 10, -1},
	{"openai", "gpt-5-mini", 0.25, 0.025, -1, 2, -1},
	{"openai", "gpt-5-nano", 0.05, 0.005, -1, 0.4, -1},
	{"openai", "gpt-5-pro", 15, -1, -1, 120, -1},
	{"openai", "gpt-4.1", 2, 0.5, -1, 8, -1},
	{"openai", "gpt-4.1-mini", 0.4, 0.1, -1, 1.6, -1},
	{"openai", "gpt-4.1-nano", 0.1, 0.025, -1, 0.4, -1},
	{"openai", "gpt-4o", 2.5, 1.25, -1, 10, -1},
	{"openai", "gpt-4o-mini", 0.15, 0.075, -1, 0.6, -1},
	{"openai", "o1", 15, 7.5, -1, 60, -1},
	{"openai", "o3", 2, 0.5, -1, 8, -1},
	{"openai", "o3-pro", 20, -1, -1, 80, -1},
	{"openai", "o3-mini", 1.1, 0.55, -1, 4.4, -1},
	{"openai", "o4-mini", 1.1, 0.275, -1, 4.4, -1},
	{"openai", "text-embedding-3-small", 0.02, -1, -1, 0, -1},
	{"openai", "text-embedding-3-large", 0.13, -1, -1, 0, -1},
	// Anthropic (also via Bedrock and Vertex under the same names once normalized).
	{"anthropic", "claude-opus-5", 5, 0.5, 6.25, 25, -1},
	{"anthropic", "claude-opus-4-8", 5, 0.5, 6.25, 25, -1},
	{"anthropic", "claude-opus-4-7", 5, 0.5, 6.25, 25, -1},
	{"anthropic", "claude-opus-4-6", 5, 0.5, 6.25, 25, -1},
	{"anthropic", "claude-opus-4-5", 5, 0.5, 6.25, 25, -1},
	{"anthropic", "claude-opus-4-1", 15, 1.5, 18.75, 75, -1},
	{"anthropic", "claude-opus-4", 15, 1.5, 18.75, 75, -1},
	{"anthropic", "claude-sonnet-5", 3, 0.3, 3.75, 15, -1},
	{"anthropic", "claude-sonnet-4-6", 3, 0.3, 3.75, 15, -1},
	{"anthropic", "claude-sonnet-4-5", 3, 0.3, 3.75, 15, -1},
	{"anthropic", "claude-sonnet-4", 3, 0.3, 3.75, 15, -1},
	{"anthropic", "claude-3-7-sonnet", 3, 0.3, 3.75, 15, -1},
	{"anthropic", "claude-3-5-sonnet", 3, 0.3, 3.75, 15, -1},
	{"anthropic", "claude-haiku-4-5", 1, 0.1, 1.25, 5, -1},
	{"anthropic", "claude-3-5-haiku", 0.8, 0.08, 1, 4, -1},
	// Google Gemini (Gemini API and Vertex AI).
	{"google", "gemini-3.6-flash", 1.5, 0.15, -1, 7.5, -1},
	{"google", "gemini-3.5-flash", 1.5, 0.15, -1, 9, -1},
	{"google", "gemini-3.5-flash-lite", 0.3, 0.03, -1, 2.5, -1},
	{"google", "gemini-3.1-pro-preview", 2, 0.2, -1, 12, -1},
	{"google", "gemini-3.1-flash-lite", 0.25, 0.025, -1, 1.5, -1},
	{"google", "gemini-3-pro-preview", 2, 0.2, -1, 12, -1},
	{"google", "gemini-3-flash-preview", 0.5, 0.05, -1, 3, -1},
	{"google", "gemini-2.5-pro", 1.25, 0.125, -1, 10, -1},
	{"google", "gemini-2.5-flash", 0.3, 0.03, -1, 2.5, -1},
	{"google", "gemini-2.5-flash-lite", 0.1, 0.01, -1, 0.4, -1},
	{"google", "gemini-2.0-flash", 0.1, 0.025, -1, 0.4, -1},
	{"google", "gemini-2.0-flash-lite", 0.075, -1, -1, 0.3, -1},
	// Mistral.
	{"mistral", "mistral-large-2512", 0.5, 0.05, -1, 1.5, -1},
	// The -latest aliases (normalized to the bare name), priced as the genai-prices dataset
	// prices mistral-large-latest and mistral-small-latest.
	{"mistral", "mistral-large", 2, -1, -1, 6, -1},
	{"mistral", "mistral-small", 0.1, -1, -1, 0.3, -1},
	{"mistral", "mistral-medium", 0.4, -1, -1, 2, -1},
	{"mistral", "mistral-small-2603", 0.15, 0.015, -1, 0.6, -1},
	{"mistral", "codestral-2508", 0.3, 0.03, -1, 0.9, -1},
	{"mistral", "devstral-2512", 0.4, 0.04, -1, 2, -1},
	{"mistral", "magistral-medium", 2, -1, -1, 5, -1},
	{"mistral", "magistral-small", 0.5, -1, -1, 1.5, -1},
	{"mistral", "ministral-14b-2512", 0.2, 0.02, -1, 0.2, -1},
	// AWS Bedrock models of their own (Anthropic on Bedrock uses the Anthropic rows).
	{"bedrock", "nova-premier", 2.5, 0.625, -1, 12.5, -1},
	{"bedrock", "nova-pro", 0.8, 0.2, -1, 3.2, -1},
	{"bedrock", "nova-lite", 0.06, 0.015, -1, 0.24, -1},
	{"bedrock", "nova-micro", 0.035, 0.00875, -1, 0.14, -1},
	{"bedrock", "nova-2-lite", 0.3, 0.075, -1, 2.5, -1},
	{"bedrock", "llama3-3-70b-instruct", 0.72, -1, -1, 0.72, -1},
	{"bedrock", "llama4-maverick-17b-instruct", 0.24, -1, -1, 0.97, -1},
	{"bedrock", "llama4-scout-17b-instruct", 0.17, -1, -1, 0.66, -1},
	{"bedrock", "r1", 1.35, -1, -1, 5.4, -1},
	// DeepSeek (standard hours; the off-peak discount is not modelled).
	{"deepseek", "deepseek-chat", 0.27, 0.07, -1, 1.1, -1},
	{"deepseek", "deepseek-reasoner", 0.55, 0.14, -1, 2.19, -1},
	{"deepseek", "deepseek-v4-pro", 0.435, 0.003625, -1, 0.87, -1},
	{"deepseek", "deepseek-v4-flash", 0.14, 0.0028, -1, 0.28, -1},
	// xAI.
	{"xai", "grok-4.5", 2, 0.5, -1, 6, -1},
	{"xai", "grok-4.3", 1.25, 0.2, -1, 2.5, -1},
	{"xai", "grok-4", 3, 0.75, -1, 15, -1},
	{"xai", "grok-4-0709", 3, 0.75, -1, 15, -1},
	{"xai", "grok-4-1-fast", 0.2, 0.05, -1, 0.5, -1},
	{"xai", "grok-4-fast", 0.2, 0.05, -1, 0.5, -1},
	{"xai", "grok-3", 3, 0.75, -1, 15, -1},
	{"xai", "grok-3-mini", 0.3, 0.075, -1, 0.5, -1},
	{"xai", "grok-code-fast-1", 0.2, 0.02, -1, 1.5, -1},
	// Groq.
	{"groq", "llama-3.3-70b-versatile", 0.59, -1, -1, 0.79, -1},
	{"groq", "llama-3.1-8b-instant", 0.05, -1, -1, 0.08, -1},
	{"groq", "gpt-oss-120b", 0.15, 0.075, -1, 0.6, -1},
	{"groq", "gpt-oss-20b", 0.075, 0.0375, -1, 0.3, -1},
	{"groq", "llama-4-maverick-17b-128e-instruct", 0.2, -1, -1, 0.6, -1},
	{"groq", "llama-4-scout-17b-16e-instruct", 0.11, -1, -1, 0.34, -1},
	{"groq", "qwen3-32b", 0.29, -1, -1, 0.59, -1},
	{"groq", "kimi-k2-instruct", 1, 0.5, -1, 3, -1},
}

func (e builtinEntry) price() Price {
	p := Price{InputMTok: e.in, OutputMTok: e.out}
	if e.cacheRead >= 0 {
		p.CacheReadMTok = ptr(e.cacheRead)
	}
	if e.cacheWrite >= 0 {
		p.CacheWriteMTok = ptr(e.cacheWrite)
	}
	if e.rs >= 0 {
		p.ReasoningMTok = ptr(e.rs)
	}
	return p
}
