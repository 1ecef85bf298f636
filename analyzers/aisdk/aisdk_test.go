package aisdk

import "testing"

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"github.com/openai/openai-go/v3/responses":              "github.com/openai/openai-go/responses",
		"github.com/openai/openai-go/v2":                        "github.com/openai/openai-go",
		"github.com/aws/aws-sdk-go-v2/service/bedrockruntime":   "github.com/aws/aws-sdk-go-v2/service/bedrockruntime",
		"google.golang.org/genai":                               "google.golang.org/genai",
		"github.com/modelcontextprotocol/go-sdk/mcp":            "github.com/modelcontextprotocol/go-sdk/mcp",
		"github.com/anthropics/anthropic-sdk-go/packages/vtest": "github.com/anthropics/anthropic-sdk-go/packages/vtest",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLookup(t *testing.T) {
	if s := Lookup("github.com/openai/openai-go/v3", "ChatCompletionService", "NewStreaming"); s == nil || !s.Streaming {
		t.Errorf("openai-go v3 NewStreaming: %+v", s)
	}
	if s := Lookup("github.com/tmc/langchaingo/llms/anthropic", "LLM", "GenerateContent"); s == nil || s.Provider != "langchaingo" {
		t.Errorf("langchaingo concrete client: %+v", s)
	}
	if s := Lookup("github.com/tmc/langchaingo/llms/openai/internal/openaiclient", "Client", "GenerateContent"); s != nil {
		t.Errorf("internal package matched: %+v", s)
	}
	if s := Lookup("example.com/x", "Client", "CreateChatCompletion"); s != nil {
		t.Errorf("unknown package matched: %+v", s)
	}
	seen := map[Key]bool{}
	for _, s := range All() {
		if s.Version == "" || s.Provider == "" || s.Name == "" {
			t.Errorf("incomplete entry %+v", s)
		}
		if seen[s.Key()] {
			t.Errorf("duplicate entry %+v", s.Key())
		}
		seen[s.Key()] = true
	}
}
