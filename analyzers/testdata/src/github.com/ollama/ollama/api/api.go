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

type GenerateRequest struct {
	Model  string
	Prompt string
}
type GenerateResponse struct{}
type GenerateResponseFunc func(GenerateResponse) error
type EmbedRequest struct {
	Model string
	Input any
}
type EmbedResponse struct{}
type EmbeddingRequest struct {
	Model  string
	Prompt string
}
type EmbeddingResponse struct{}

func (c *Client) Generate(ctx context.Context, req *GenerateRequest, fn GenerateResponseFunc) error {
	return nil
}
func (c *Client) Embed(ctx context.Context, req *EmbedRequest) (*EmbedResponse, error) {
	return nil, nil
}
func (c *Client) Embeddings(ctx context.Context, req *EmbeddingRequest) (*EmbeddingResponse, error) {
	return nil, nil
}
