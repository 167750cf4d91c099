// Package redact finds personal data and secrets in free text (emails, phone numbers,
// Luhn-checked card numbers, IPv4 addresses, API keys, AWS access keys, JWTs, bearer tokens) and
// masks or hashes them. Detectors are hand-written scanners, not regular expressions: they run on
// every GenAI span, and text without a match is returned as is, without allocating.
package redact // import "github.com/otelcol-aianalytics/otelcol-aianalytics/internal/redact"
