package modelpin

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

func TestAnalyzer(t *testing.T) {
	dir, _ := filepath.Abs(filepath.Join("..", "testdata"))
	analysistest.Run(t, dir, Analyzer, "modelpin", "modelpin/relay")
}

func TestClassify(t *testing.T) {
	for _, c := range []struct {
		provider, id string
		want         status
	}{
		{"openai", "gpt-4o", floating},
		{"openai", "gpt-4o-2024-11-20", pinned},
		{"openai", "gpt-4-1106-preview", floating}, // a preview
		{"openai", "gpt-4-turbo-preview", floating},
		{"openai", "o3-mini", floating},
		{"openai", "o3-mini-2025-01-31", pinned},
		{"openai", "gpt-4-32k-0613", deprecated},
		{"openai", "text-embedding-ada-002", pinned},
		{"openai", "whisper-1", pinned},
		{"anthropic", "claude-3-7-sonnet-latest", floating},
		{"anthropic", "claude-3-7-sonnet-20250219", pinned},
		{"anthropic", "claude-opus-4-1", floating},
		{"anthropic", "claude-sonnet-4-6", pinned},
		{"anthropic", "claude-opus-5", pinned},
		{"anthropic", "claude-instant-1.2", deprecated},
		{"google", "gemini-2.5-flash", pinned}, // Google publishes no -00N form
		{"google", "gemini-2.0-flash", floating},
		{"google", "gemini-2.0-flash-lite-001", pinned},
		{"google", "gemini-2.5-flash-preview-05-20", floating}, // a preview
		{"google", "gemini-2.0-flash-exp", floating},
		{"google", "gemini-pro", deprecated},
		{"ollama", "mistral", floating},
		{"ollama", "mistral:7b", pinned},
		{"aws-bedrock", "meta.llama3-70b-instruct-v1:0", pinned},
		{"genkit", "googleai/gemini-2.0-flash", floating},
		{"wrapper", "my-fine-tune", unknown},
	} {
		if got, _, _ := classify(c.provider, c.id); got != c.want {
			t.Errorf("classify(%q, %q) = %v, want %v", c.provider, c.id, got, c.want)
		}
	}
}
