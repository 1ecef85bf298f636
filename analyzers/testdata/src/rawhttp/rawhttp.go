package rawhttp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

const openaiURL = "https://api.openai.com/v1/chat/completions"

type client struct {
	baseURL   string
	ollamaURL string
	hc        *http.Client
}

func calls(ctx context.Context, c *client, body *bytes.Buffer, model string) {
	http.NewRequest("POST", openaiURL, body)                                                 // want `openai http.NewRequest /chat/completions model="dynamic" stream=false in rawhttp.calls via http`
	http.NewRequestWithContext(ctx, http.MethodPost, c.baseURL+"/v1/chat/completions", body) // want `openai-compatible http.NewRequestWithContext /chat/completions`
	http.Post("https://api.anthropic.com/v1/messages", "application/json", body)             // want `anthropic http.Post /v1/messages`
	u := fmt.Sprintf("%s/v1beta/models/%s:generateContent", "https://generativelanguage.googleapis.com", model)
	http.NewRequestWithContext(ctx, "POST", u, body)             // want `google http.NewRequestWithContext :generateContent`
	c.hc.Post(c.ollamaURL+"/api/chat", "application/json", body) // want `ollama http.Post /api/chat`
	rerank, _ := url.JoinPath(c.baseURL, "v1", "rerank")
	_ = rerank
	endpoint := c.baseURL + "/v1/rerank"
	http.NewRequest(http.MethodPost, endpoint, body) // want `rerank http.NewRequest /v1/rerank`
}

// loadOllamaModel names the provider: the generic path is Ollama's.
func loadOllamaModel(ctx context.Context, baseURL string, body *bytes.Buffer) {
	http.NewRequestWithContext(ctx, "POST", baseURL+"/api/generate", body) // want `ollama http.NewRequestWithContext /api/generate`
}

type generateRequest struct {
	Model  string `json:"model"`
	Prompt string `json:"prompt"`
}

// A configured endpoint: the URL says nothing, the body is a model request.
func custom(ctx context.Context, endpoint string, model string) {
	b, _ := json.Marshal(&generateRequest{Model: model, Prompt: "hi"})
	http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewBuffer(b)) // want `http http.NewRequestWithContext model request body`
	m, _ := json.Marshal(map[string]any{"model": model, "messages": []string{"hi"}})
	http.Post(endpoint, "application/json", bytes.NewReader(m)) // want `http http.Post model request body`
}

type event struct {
	Model string `json:"model"` // a car model
	Owner string `json:"owner"`
}

// Not model calls.
func notAIBody(ctx context.Context, endpoint string) {
	b, _ := json.Marshal(event{Model: "T"})
	http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewBuffer(b))
	p, _ := json.Marshal(map[string]any{"prompt": "a form prompt", "name": "x"})
	http.Post(endpoint, "application/json", bytes.NewReader(p))
}

// Not model calls.
func notAI(ctx context.Context, c *client, body *bytes.Buffer) {
	http.NewRequest("GET", "https://api.openai.com/v1/chat/completions", nil) // a GET is no completion
	http.NewRequest("GET", "https://api.openai.com/v1/models", nil)
	http.NewRequest("POST", "https://api.openai.com/v1/files", body)
	http.Post(c.baseURL+"/api/chat", "application/json", body) // a web app's own chat API
	http.NewRequestWithContext(ctx, "POST", c.baseURL+"/v1/messages", body)
	http.NewRequest("POST", "https://example.com/v1/chatrooms", body)
	http.Get("https://api.openai.com/v1/chat/completions")
}
