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
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"strings"
	"sync"
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
	// Reason says, for messages, why the id floats or is deprecated.
	Reason string
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
		// DeprecatedPrefixes name retired families, StablePrefixes models
		// published without snapshots (the bare name is the only id).
		DeprecatedPrefixes []string `json:"deprecated_prefixes"`
		StablePrefixes     []string `json:"stable_prefixes"`
		// UndatedStableSince is the first Claude version ("4.6") whose
		// undated id is itself a fixed snapshot.
		UndatedStableSince string `json:"undated_stable_since"`
	} `json:"providers"`
}

// tbl and byID are filled from models.json on first use (load), not at
// start: most runs judge no model id.
var (
	tbl  table
	byID = map[string]Info{}
	load = sync.OnceValue(func() error {
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
	})
)

// mustLoad loads the table; the embedded file is tested, so an error is a
// build defect.
func mustLoad() {
	if err := load(); err != nil {
		panic(err)
	}
}

// Version returns the version of the table.
func Version() string {
	mustLoad()
	return tbl.Version
}

var (
	dated       = lazyre.New(`-\d{8}$|-\d{4}-\d{2}-\d{2}$|-\d{3,4}$`)
	bedrockTail = lazyre.New(`-v\d+(?::\d+)?$|:\d+$`)
	vertexDate  = lazyre.New(`@(\d{8})$`)
	openaiName  = lazyre.New(`^(?:gpt-|chatgpt-|o\d)`)
)

// Lookup judges a model id as written in a pipeline or in code.
func Lookup(id string) Info {
	mustLoad()
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
		in.Reason = reason(in, base)
		return in
	}
	in := Info{ID: id, Base: base, Status: Unknown}
	switch {
	case strings.HasPrefix(base, "claude"):
		in.Provider = "anthropic"
	case openaiName.MatchString(base) || hasPrefix(tbl.Providers["openai"].StablePrefixes, base) ||
		hasPrefix(tbl.Providers["openai"].DeprecatedPrefixes, base):
		in.Provider = "openai"
	case strings.HasPrefix(base, "gemini") || strings.HasPrefix(base, "gemma") || hasPrefix(tbl.Providers["google"].DeprecatedPrefixes, base):
		in.Provider = "google"
	}
	p := tbl.Providers[in.Provider]
	switch {
	case in.Provider == "":
	case hasPrefix(p.DeprecatedPrefixes, base):
		in.Status = Deprecated
	case hasPrefix(p.StablePrefixes, base):
		in.Status = Stable
	case strings.Contains(base, "latest"):
		in.Status = Floating
	case strings.Contains(base, "-preview") || strings.HasSuffix(base, "-exp") || strings.Contains(base, "-exp-"):
		in.Status = Preview
	case in.Provider == "anthropic" || in.Provider == "openai":
		// Undated Claude and OpenAI ids are aliases of the newest
		// snapshot, except Claude ids from the version on which Anthropic
		// stopped publishing dated forms.
		in.Status = Floating
		if dated.MatchString(base) || (in.Provider == "anthropic" && undatedStable(base, p.UndatedStableSince)) {
			in.Status = Stable
		}
	case in.Provider == "google":
		// Google names stable ids without a suffix (gemini-2.5-pro) or
		// with -00N; previews and experiments say so.
		in.Status = Stable
	}
	in.Reason = reason(in, base)
	return in
}

func hasPrefix(prefixes []string, s string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// claudeVersion finds the version in a Claude id: claude-sonnet-4-6,
// claude-opus-5, claude-3-7-sonnet.
var claudeVersion = lazyre.New(`^claude-(?:(?:opus|sonnet|haiku)-(\d+)(?:[-.](\d))?|(\d+)(?:[-.](\d))?-(?:opus|sonnet|haiku))(?:$|-)`)

// undatedStable reports whether an undated Claude id is of version since
// or later.
func undatedStable(base, since string) bool {
	m := claudeVersion.FindStringSubmatch(base)
	if m == nil || since == "" {
		return false
	}
	major, minor := m[1], m[2]
	if major == "" {
		major, minor = m[3], m[4]
	}
	smaj, smin, _ := strings.Cut(since, ".")
	a, b := atoi(major), atoi(minor)
	c, d := atoi(smaj), atoi(smin)
	return a > c || (a == c && b >= d)
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return n
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// reason says why an id floats or is deprecated, for messages.
func reason(in Info, base string) string {
	switch in.Status {
	case Deprecated:
		name := map[string]string{"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google"}[in.Provider]
		return "deprecated or retired by " + name
	case Preview:
		return "a preview or experimental model that changes without notice"
	case Floating:
		switch {
		case strings.Contains(base, "latest"):
			return "a -latest alias"
		case in.Provider == "anthropic":
			return "an alias without a date (before Claude 4.6 undated ids move)"
		case in.Provider == "google":
			return "an auto-updated alias (pin a -00N version)"
		}
		return "an alias without a dated snapshot"
	}
	return ""
}

var bedrockVersioned = lazyre.New(`-v\d+(:\d+)?$`)

// LookupOn judges an id as named on a platform that serves many vendors'
// models: "aws-bedrock" (an id without a -vN version suffix floats, an ARN
// is fixed) or "ollama" (a name without a tag, or with :latest, floats).
// Ids of a vendor the table knows are judged as Lookup judges them first;
// other platforms are judged as Lookup.
func LookupOn(platform, id string) Info {
	switch platform {
	case "aws-bedrock":
		if in := Lookup(id); in.Status != Unknown {
			return in
		}
		in := Info{ID: id, Base: id, Provider: platform, Status: Floating, Reason: "a Bedrock model id without a version suffix"}
		if bedrockVersioned.MatchString(id) || strings.HasPrefix(id, "arn:") {
			in.Status, in.Reason = Stable, ""
		}
		return in
	case "ollama":
		in := Info{ID: id, Base: id, Provider: platform, Status: Stable}
		name, tag, ok := strings.Cut(strings.TrimSpace(id), ":")
		switch {
		case name == "":
			in.Status = Unknown
		case !ok || tag == "":
			in.Status, in.Reason = Floating, "no tag, which means :latest"
		case tag == "latest":
			in.Status, in.Reason = Floating, "the :latest tag"
		}
		return in
	}
	return Lookup(id)
}
