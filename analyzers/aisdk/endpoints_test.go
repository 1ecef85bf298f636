package aisdk

import "testing"

func TestMatchEndpoint(t *testing.T) {
	u := Unknown
	for _, c := range []struct {
		url, provider, path string
	}{
		{"https://api.openai.com/v1/chat/completions", "openai", "/chat/completions"},
		{u + "baseURL/v1/chat/completions", "openai-compatible", "/chat/completions"},
		{u + "baseURL/chat/completions/", "openai-compatible", "/chat/completions"},
		{"https://api.anthropic.com/v1/messages", "anthropic", "/v1/messages"},
		{u + "anthropicBase/v1/messages", "anthropic", "/v1/messages"},
		{"https://generativelanguage.googleapis.com/v1beta/models/" + u + "model:generateContent?key=" + u + "key", "google", ":generateContent"},
		{"http://localhost:11434/api/chat", "ollama", "/api/chat"},
		{u + "ollamaHost/api/generate", "ollama", "/api/generate"},
		{"https://api.jina.ai/v1/rerank", "jina", "/v1/rerank"},
		{u + "base/v1/rerank", "rerank", "/v1/rerank"},
		{"https://api.openai.com/v1/" + u + "endpoint", "openai", "api.openai.com"},
	} {
		e, ok := MatchEndpoint(c.url)
		if !ok || e.Provider != c.provider || e.Path != c.path {
			t.Errorf("MatchEndpoint(%q) = %+v, %v, want %s %s", c.url, e, ok, c.provider, c.path)
		}
	}
	if e, ok := MatchEndpointIn(u+"baseURL/api/generate", "models.loadOllamaModel"); !ok || e.Provider != "ollama" {
		t.Errorf("ollama path in an Ollama function: %+v, %v", e, ok)
	}
	if e, ok := MatchEndpointIn(u+"baseURL/api/generate", "web.handleGenerate"); ok {
		t.Errorf("generic path in another function matched: %+v", e)
	}
	for _, url := range []string{
		"https://api.openai.com/v1/models",
		"https://api.openai.com/v1/files",
		u + "base/api/chat",    // a web app's own chat API
		u + "base/v1/messages", // a messaging API
		"https://example.com/v1/chatrooms",
		"https://example.com/completions",
		"https://api.github.com/repos/" + u + "repo/issues",
		u + "url",
		"",
	} {
		if e, ok := MatchEndpoint(url); ok {
			t.Errorf("MatchEndpoint(%q) = %+v, want no match", url, e)
		}
	}
}

func FuzzMatchEndpoint(f *testing.F) {
	for _, s := range []string{"https://api.openai.com/v1/chat/completions", Unknown + "x/api/chat?" + Unknown, "", "://", "/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, url string) {
		e, ok := MatchEndpoint(url)
		if ok && (e.Provider == "" || e.Path == "") {
			t.Errorf("MatchEndpoint(%q) = %+v with empty fields", url, e)
		}
	})
}
