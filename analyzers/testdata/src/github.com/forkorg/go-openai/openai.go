// Package openai is a stub of a fork of github.com/sashabaranov/go-openai
// published under another module path.
package openai

import "context"

type Client struct{}

func NewClient(token string) *Client { return &Client{} }

type ChatCompletionMessage struct{ Role, Content string }

type ChatCompletionRequest struct {
	Model     string
	Messages  []ChatCompletionMessage
	MaxTokens int
}

type ChatCompletionChoice struct{ Message ChatCompletionMessage }

type ChatCompletionResponse struct{ Choices []ChatCompletionChoice }

type ChatCompletionStream struct{}

func (*ChatCompletionStream) Recv() (ChatCompletionResponse, error) {
	return ChatCompletionResponse{}, nil
}
func (*ChatCompletionStream) Close() error { return nil }

type EmbeddingRequest struct {
	Model string
	Input []string
}

type EmbeddingResponse struct{ Data [][]float32 }

func (c *Client) CreateChatCompletion(ctx context.Context, req ChatCompletionRequest) (ChatCompletionResponse, error) {
	return ChatCompletionResponse{}, nil
}

func (c *Client) CreateChatCompletionStream(ctx context.Context, req ChatCompletionRequest) (*ChatCompletionStream, error) {
	return nil, nil
}

func (c *Client) CreateEmbeddings(ctx context.Context, req EmbeddingRequest) (EmbeddingResponse, error) {
	return EmbeddingResponse{}, nil
}
