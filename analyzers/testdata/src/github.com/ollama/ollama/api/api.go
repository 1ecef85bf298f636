// Package api is a stub of github.com/ollama/ollama/api.
package api

import "context"

type Client struct{}

func ClientFromEnvironment() (*Client, error) { return nil, nil }

type Message struct {
	Role    string
	Content string
}
type ChatRequest struct {
	Model    string
	Messages []Message
	Stream   *bool
	Options  map[string]any
}
type ChatResponse struct{}
type ChatResponseFunc func(ChatResponse) error

func (c *Client) Chat(ctx context.Context, req *ChatRequest, fn ChatResponseFunc) error { return nil }
