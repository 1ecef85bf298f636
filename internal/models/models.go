// Package models is tollgate's offline table of AI model ids, shared by the
// pipeline rules and the Go analyzers so both judge an id the same way:
// stable (a fixed snapshot), floating (an alias the provider moves),
// preview or deprecated. The data is models.json, versioned, with the
// provider pages it was compiled from.
package models

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

//go:embed models.json
var data []byte

// Status is how an id behaves over time.
type Status string

// The statuses of a model id.
const (
	// Stable ids name a fixed snapshot: the same weights every call.
	Stable Status = "stable"
	// Floating ids are aliases the provider moves to newer snapshots.
	Floating Status = "floating"
	// Preview ids (-preview, -exp) may change or be withdrawn at any time.
	Preview Status = "preview"
	// Deprecated ids are announced for retirement or retired.
	Deprecated Status = "deprecated"
	// Unknown ids are of no provider the table knows.
	Unknown Status = "unknown"
)

// Info is what the table says about an id.
type Info struct {
	// ID is the id as looked up, Base the model name judged (prefixes such
	// as "openai/", "models/", "anthropic." and suffixes "-v1:0" removed).
	ID, Base string
	Provider string
	Status   Status
	// Listed is true when the id is in the table, false when it was
	// judged by the provider's naming rules.
	Listed bool
}

// Floats reports whether the id can change without a change to the text
// that names it: floating or preview.
func (i Info) Floats() bool { return i.Status == Floating || i.Status == Preview }

type table struct {
	Version  string `json:"version"`
	Reviewed string `json:"reviewed"`
	Sources  []struct {
		Provider string `json:"provider"`
		URL      string `json:"url"`
		AsOf     string `json:"as_of"`
	} `json:"sources"`
	Providers map[string]struct {
		Stable, Floating, Deprecated []string
	} `json:"providers"`
}

var (
	tbl    table
	byID   = map[string]Info{}
	loaded = func() error {
		if err := json.Unmarshal(data, &tbl); err != nil {
			return fmt.Errorf("parse models.json: %w", err)
		}
		for prov, p := range tbl.Providers {
			for st, ids := range map[Status][]string{Stable: p.Stable, Floating: p.Floating, Deprecated: p.Deprecated} {
				for _, id := range ids {
					byID[id] = Info{ID: id, Base: id, Provider: prov, Status: st, Listed: true}
				}
			}
		}
		return nil
	}()
)

// Version returns the version of the table.
func Version() string { return tbl.Version }

var (
	dated       = regexp.MustCompile(`-\d{8}$|-\d{4}-\d{2}-\d{2}$|-\d{3,4}$`)
	bedrockTail = regexp.MustCompile(`-v\d+(?::\d+)?$|:\d+$`)
	vertexDate  = regexp.MustCompile(`@(\d{8})$`)
	openaiName  = regexp.MustCompile(`^(?:gpt-|chatgpt-|o\d)`)
)

// Lookup judges a model id as written in a pipeline or in code.
func Lookup(id string) Info {
	if loaded != nil {
		panic(loaded)
	}
	base := strings.ToLower(strings.TrimSpace(id))
	// Provider prefixes: "openai/gpt-4o" (GitHub Models), "models/gemini-2.5-pro",
	// "anthropic/claude-…" (litellm, openrouter), "us.anthropic.claude-…" (Bedrock).
	if i := strings.LastIndexByte(base, '/'); i >= 0 {
		base = base[i+1:]
	}
	if i := strings.Index(base, "anthropic."); i >= 0 {
		base = base[i+len("anthropic."):]
		base = bedrockTail.ReplaceAllString(base, "")
	}
	if m := vertexDate.FindStringSubmatch(base); m != nil {
		// Vertex writes the Claude snapshot date after "@".
		base = strings.TrimSuffix(base, m[0]) + "-" + m[1]
	}
	if in, ok := byID[base]; ok {
		in.ID = id
		return in
	}
	in := Info{ID: id, Base: base, Status: Unknown}
	switch {
	case strings.HasPrefix(base, "claude"):
		in.Provider = "anthropic"
	case openaiName.MatchString(base):
		in.Provider = "openai"
	case strings.HasPrefix(base, "gemini") || strings.HasPrefix(base, "gemma"):
		in.Provider = "google"
	}
	switch {
	case strings.Contains(base, "latest"):
		in.Status = Floating
	case strings.Contains(base, "-preview") || strings.HasSuffix(base, "-exp") || strings.Contains(base, "-exp-"):
		in.Status = Preview
	case in.Provider == "anthropic" || in.Provider == "openai":
		// Undated Claude and OpenAI ids are aliases of the newest snapshot.
		in.Status = Floating
		if dated.MatchString(base) {
			in.Status = Stable
		}
	case in.Provider == "google":
		// Google names stable ids without a suffix (gemini-2.5-pro) or
		// with -00N; previews and experiments say so.
		in.Status = Stable
	}
	return in
}
