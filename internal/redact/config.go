package redact

import (
	"errors"
	"fmt"
)

// Mode says what happens to a detected value.
type Mode string

const (
	// ModeMask replaces the value with a fixed marker such as [EMAIL].
	ModeMask Mode = "mask"
	// ModeHash replaces it with a stable keyed hash ([EMAIL:hkdm…]), so equal values still group.
	ModeHash Mode = "hash"
	// ModeOff leaves it in place.
	ModeOff Mode = "off"
)

// Config selects a mode per detector.
type Config struct {
	Emails       Mode `mapstructure:"emails"`
	Phones       Mode `mapstructure:"phones"`
	Cards        Mode `mapstructure:"cards"`
	IPv4         Mode `mapstructure:"ipv4"`
	APIKeys      Mode `mapstructure:"api_keys"`
	AWSKeys      Mode `mapstructure:"aws_keys"`
	JWTs         Mode `mapstructure:"jwts"`
	BearerTokens Mode `mapstructure:"bearer_tokens"`
	// HashKey keys the hash of ModeHash (so hashes cannot be reversed by hashing guesses
	// without it). Empty: an unkeyed SHA-256.
	HashKey string `mapstructure:"hash_key"`
}

// DefaultConfig masks secrets and card numbers and leaves the rest.
func DefaultConfig() Config {
	return Config{
		Emails: ModeOff, Phones: ModeOff, Cards: ModeMask, IPv4: ModeOff,
		APIKeys: ModeMask, AWSKeys: ModeMask, JWTs: ModeMask, BearerTokens: ModeMask,
	}
}

// Validate checks every mode.
func (c Config) Validate() error {
	var errs []error
	for name, m := range map[string]Mode{
		"emails": c.Emails, "phones": c.Phones, "cards": c.Cards, "ipv4": c.IPv4,
		"api_keys": c.APIKeys, "aws_keys": c.AWSKeys, "jwts": c.JWTs, "bearer_tokens": c.BearerTokens,
	} {
		switch m {
		case ModeMask, ModeHash, ModeOff, "":
		default:
			errs = append(errs, fmt.Errorf("%s: mode must be mask, hash or off, got %q", name, m))
		}
	}
	return errors.Join(errs...)
}
