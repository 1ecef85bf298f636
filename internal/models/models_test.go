package models

import "testing"

func TestLookup(t *testing.T) {
	for _, c := range []struct {
		id   string
		want Status
		prov string
	}{
		{"gemini-2.5-pro", Stable, "google"},
		{"models/gemini-2.5-flash", Stable, "google"},
		{"gemini-2.5-flash-preview-05-20", Preview, "google"},
		{"gemini-2.0-flash-exp", Preview, "google"},
		{"gemini-flash-latest", Floating, "google"},
		{"gemini-1.5-pro-002", Deprecated, "google"},
		{"gemini-3-pro", Stable, "google"},
		{"claude-sonnet-4-5", Floating, "anthropic"},
		{"claude-sonnet-4-5-20250929", Stable, "anthropic"},
		// From Claude 4.6 on, Anthropic publishes no dated form: the
		// undated id is the snapshot.
		{"claude-opus-4-7", Stable, "anthropic"},
		{"claude-sonnet-4-6", Stable, "anthropic"},
		{"claude-opus-5", Stable, "anthropic"},
		{"claude-opus-4-1", Floating, "anthropic"},
		{"claude-3-7-sonnet", Floating, "anthropic"},
		{"claude-instant-1.1", Deprecated, "anthropic"},
		{"gpt-4-32k-0613", Deprecated, "openai"},
		{"text-embedding-3-small", Stable, "openai"},
		{"gpt-image-1", Stable, "openai"},
		{"gemini-1.5-flash-002", Deprecated, "google"},
		{"text-bison@002", Deprecated, "google"},
		{"claude-opus-4-7-20260101", Stable, "anthropic"},
		{"claude-3-5-sonnet-latest", Deprecated, "anthropic"},
		{"claude-3-7-sonnet-latest", Floating, "anthropic"},
		{"claude-3-opus-20240229", Deprecated, "anthropic"},
		{"us.anthropic.claude-sonnet-4-5-20250929-v1:0", Stable, "anthropic"},
		{"anthropic.claude-3-5-sonnet-20240620-v1:0", Deprecated, "anthropic"},
		{"claude-sonnet-4-5@20250929", Stable, "anthropic"},
		{"openai/gpt-4o-2024-08-06", Stable, "openai"},
		{"gpt-4o", Floating, "openai"},
		{"gpt-4-0613", Stable, "openai"},
		{"o3-mini", Floating, "openai"},
		{"chatgpt-4o-latest", Floating, "openai"},
		{"llama3.1:8b", Unknown, ""},
	} {
		got := Lookup(c.id)
		if got.Status != c.want || got.Provider != c.prov {
			t.Errorf("Lookup(%q) = %s/%s, want %s/%s", c.id, got.Provider, got.Status, c.prov, c.want)
		}
	}
}

// TestTable checks the data file: a version, sources for each provider,
// and no id listed twice.
func TestTable(t *testing.T) {
	mustLoad()
	if Version() == "" || tbl.Reviewed == "" {
		t.Error("models.json has no version or reviewed date")
	}
	srcs := map[string]bool{}
	for _, s := range tbl.Sources {
		if s.URL == "" || s.AsOf == "" {
			t.Errorf("source %+v lacks a URL or date", s)
		}
		srcs[s.Provider] = true
	}
	seen := map[string]bool{}
	for prov, p := range tbl.Providers {
		if !srcs[prov] {
			t.Errorf("provider %q has no source", prov)
		}
		for _, ids := range [][]string{p.Stable, p.Floating, p.Deprecated} {
			for _, id := range ids {
				if seen[id] {
					t.Errorf("id %q listed twice", id)
				}
				seen[id] = true
			}
		}
	}
}

func TestLookupOn(t *testing.T) {
	for _, c := range []struct {
		platform, id string
		want         Status
		reason       string
	}{
		{"aws-bedrock", "anthropic.claude-3-haiku-20240307-v1:0", Stable, ""},
		{"aws-bedrock", "meta.llama3-70b-instruct-v1:0", Stable, ""},
		{"aws-bedrock", "amazon.nova-pro", Floating, "a Bedrock model id without a version suffix"},
		{"aws-bedrock", "arn:aws:bedrock:us-east-1::foundation-model/x", Stable, ""},
		{"ollama", "llama3.2", Floating, "no tag, which means :latest"},
		{"ollama", "qwen3:latest", Floating, "the :latest tag"},
		{"ollama", "llama3.2:3b-instruct-q4_K_M", Stable, ""},
		{"openai", "gpt-4o", Floating, "an alias without a dated snapshot"},
		{"", "gemini-2.0-flash", Floating, "an auto-updated alias (pin a -00N version)"},
	} {
		got := LookupOn(c.platform, c.id)
		if got.Status != c.want || got.Reason != c.reason {
			t.Errorf("LookupOn(%q, %q) = %s %q, want %s %q", c.platform, c.id, got.Status, got.Reason, c.want, c.reason)
		}
	}
}
