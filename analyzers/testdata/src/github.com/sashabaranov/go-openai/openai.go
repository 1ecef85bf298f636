// Package openai is a stub of github.com/sashabaranov/go-openai.
package openai

import "context"

const (
	GPT4o             = "gpt-4o"
	GPT4o20240806     = "gpt-4o-2024-08-06"
	GPT3Dot5Turbo     = "gpt-3.5-turbo"
	GPT3Dot5Turbo0613 = "gpt-3.5-turbo-0613"
	GPT4TurboPreview  = "gpt-4-turbo-preview"
)

type Client struct{}

func NewClient(token string) *Client { return &Client{} }

type ChatCompletionMessage struct {
	Role    string
	Content string
}
type ChatCompletionRequest struct {
	Model     string
	Messages  []ChatCompletionMessage
	MaxTokens int
	Stream    bool
}
type ChatCompletionResponse struct{}
type ChatCompletionStreamResponse struct{}
type ChatCompletionStream struct{}

func (s *ChatCompletionStream) Recv() (ChatCompletionStreamResponse, error) {
	return ChatCompletionStreamResponse{}, nil
}
func (s *ChatCompletionStream) Close() error { return nil }

func (c *Client) CreateChatCompletion(ctx context.Context, req ChatCompletionRequest) (ChatCompletionResponse, error) {
	return ChatCompletionResponse{}, nil
}
func (c *Client) CreateChatCompletionStream(ctx context.Context, req ChatCompletionRequest) (*ChatCompletionStream, error) {
	return nil, nil
}

type CompletionRequest struct {
	Model     string
	Prompt    any
	MaxTokens int
}
type CompletionResponse struct{}
type CompletionStream struct{}

func (s *CompletionStream) Recv() (CompletionResponse, error) { return CompletionResponse{}, nil }
func (s *CompletionStream) Close() error                      { return nil }

type EmbeddingRequest struct {
	Model string
	Input any
}
type EmbeddingResponse struct{}

func (c *Client) CreateCompletion(ctx context.Context, req CompletionRequest) (CompletionResponse, error) {
	return CompletionResponse{}, nil
}
func (c *Client) CreateCompletionStream(ctx context.Context, req CompletionRequest) (*CompletionStream, error) {
	return nil, nil
}
func (c *Client) CreateEmbeddings(ctx context.Context, req EmbeddingRequest) (EmbeddingResponse, error) {
	return EmbeddingResponse{}, nil
}
