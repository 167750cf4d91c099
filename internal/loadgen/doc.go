// Package loadgen generates deterministic, realistic GenAI chat spans (OTel GenAI semantic
// conventions 1.37+) as ptrace.Traces. It feeds `make demo`, throughput benchmarks of the
// collector and tests: the same Options (with a fixed BaseTime) always produce the same spans.
package loadgen
