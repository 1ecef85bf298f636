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
