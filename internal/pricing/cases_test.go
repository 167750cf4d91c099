package pricing

import "time"

// costCase is a call with its cost computed by hand from the providers' list prices (USD per
// million tokens), shown in the comment of each case.
type costCase struct {
	name     string
	provider string
	model    string
	usage    Usage
	want     float64
	// fileWant is the genai-prices figure when it differs from the built-in table (0 = same).
	fileWant float64
}

// peakHour is inside DeepSeek's standard-price window, after every dated price change used here.
var peakHour = time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)

var costCases = []costCase{
	// 600 uncached × 2.50 + 400 cached × 1.25 + 500 out × 10 = 7000 → $0.007
	{"openai dated snapshot, cached", "openai", "gpt-4o-2024-08-06", Usage{Input: 1000, CacheRead: 400, Output: 500}, 0.007, 0},
	// provider prefix, no provider: 10000 × 0.15 + 2000 × 0.60 = 2700
	{"openai prefix", "", "openai/gpt-4o-mini", Usage{Input: 10000, Output: 2000}, 0.0027, 0},
	// 1000 × 1.10 + 1000 cached × 0.275 + 500 × 4.40 + 2500 reasoning × 4.40 = 14575
	{"o4-mini reasoning", "openai", "o4-mini", Usage{Input: 2000, CacheRead: 1000, Output: 3000, Reasoning: 2500}, 0.014575, 0},
	// Azure OpenAI at OpenAI list price: 1M × 5 + 100k × 30 = 8 000 000
	{"azure gpt-5.5", "azure.ai.openai", "gpt-5.5", Usage{Input: 1_000_000, Output: 100_000}, 8.0, 0},
	// 10000 × 0.25 + 40000 cached × 0.025 + 400 × 2 + 600 reasoning × 2 = 5500
	{"gpt-5-mini snapshot", "openai", "gpt-5-mini-2025-08-07", Usage{Input: 50000, CacheRead: 40000, Output: 1000, Reasoning: 600}, 0.0055, 0},
	// 2000 × 3 + 6000 read × 0.30 + 2000 write × 3.75 + 800 × 15 = 27300
	{"claude sonnet 4.5 cache read+write", "anthropic", "claude-sonnet-4-5-20250929", Usage{Input: 10000, CacheRead: 6000, CacheWrite: 2000, Output: 800}, 0.0273, 0},
	// Bedrock cross-region id: 3000 × 1 + 300 × 5 = 4500 (genai-prices carries the regional
	// +10 %: 3000 × 1.1 + 300 × 5.5 = 4950)
	{"bedrock claude haiku 4.5", "aws.bedrock", "us.anthropic.claude-haiku-4-5-20251001-v1:0", Usage{Input: 3000, Output: 300}, 0.0045, 0.00495},
	// input reported without cache (cache > input): 500 × 15 + 10000 × 1.50 + 100 × 75 = 30000
	{"claude opus 4.1 anthropic usage shape", "anthropic", "claude-opus-4-1", Usage{Input: 500, CacheRead: 10000, Output: 100}, 0.03, 0},
	// 15000 × 1.25 + 5000 × 0.125 + 300 × 10 + 700 reasoning × 10 = 29375
	{"gemini 2.5 pro thinking", "gcp.gemini", "gemini-2.5-pro", Usage{Input: 20000, CacheRead: 5000, Output: 1000, Reasoning: 700}, 0.029375, 0},
	// 1000 × 0.30 + 1000 × 2.50 = 2800
	{"gemini flash models/ prefix", "gcp.vertex_ai", "models/gemini-2.5-flash", Usage{Input: 1000, Output: 1000}, 0.0028, 0},
	// 4000 × 0.50 + 1000 × 1.50 = 3500
	{"mistral large 3", "mistral_ai", "mistral-large-2512", Usage{Input: 4000, Output: 1000}, 0.0035, 0},
	// YYMM snapshot: 10000 × 0.40 + 1000 × 2 = 6000
	{"mistral large latest alias", "mistral_ai", "mistral-large-latest", Usage{Input: 4000, Output: 1000}, 0.014, 0},
	{"mistral small latest alias", "mistral_ai", "mistral-small-latest", Usage{Input: 10000, Output: 2000}, 0.0016, 0},
	{"mistral medium snapshot", "mistral_ai", "mistral-medium-2508", Usage{Input: 10000, Output: 1000}, 0.006, 0},
	// 8000 × 0.80 + 2000 × 0.20 + 1000 × 3.20 = 10000
	{"bedrock nova pro", "aws.bedrock", "amazon.nova-pro-v1:0", Usage{Input: 10000, CacheRead: 2000, Output: 1000}, 0.01, 0},
	// 800 × 0.55 + 200 × 0.14 + 500 × 2.19 + 1500 reasoning × 2.19 = 4848
	{"deepseek reasoner", "deepseek", "deepseek-reasoner", Usage{Input: 1000, CacheRead: 200, Output: 2000, Reasoning: 1500}, 0.004848, 0},
	// 5000 × 0.20 + 5000 × 0.05 + 2000 × 0.50 = 2250
	{"grok 4 fast reasoning", "x_ai", "grok-4-fast-reasoning", Usage{Input: 10000, CacheRead: 5000, Output: 2000, Reasoning: 1500}, 0.00225, 0},
	// 1000 × 0.15 + 1000 × 0.60 = 750
	{"groq gpt-oss-120b", "groq", "openai/gpt-oss-120b", Usage{Input: 1000, Output: 1000}, 0.00075, 0},
	// 2000 × 0.59 + 500 × 0.79 = 1575
	{"groq llama 3.3", "groq", "llama-3.3-70b-versatile", Usage{Input: 2000, Output: 500}, 0.001575, 0},
	// case-insensitive: 100 × 2.5 + 100 × 10 = 1250
	{"case", "OpenAI", "GPT-4o", Usage{Input: 100, Output: 100}, 0.00125, 0},
	// Vertex @date: 1000 × 0.80 + 1000 × 4 = 4800
	{"vertex claude haiku 3.5", "gcp.vertex_ai", "claude-3-5-haiku@20241022", Usage{Input: 1000, Output: 1000}, 0.0048, 0},
	// 5000 × 5 + 2000 × 0.50 + 3000 × 6.25 + 100 × 30 = 47750
	{"gpt-5.6 cache write", "openai", "gpt-5.6-sol", Usage{Input: 10000, CacheRead: 2000, CacheWrite: 3000, Output: 100}, 0.04775, 0},
	// 2000 × 2 + 1000 × 8 = 12000
	{"o3 after the 2025-06 cut", "openai", "o3-2025-04-16", Usage{Input: 2000, Output: 1000}, 0.012, 0},
}
