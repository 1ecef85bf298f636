// Package perplexity is a stub of github.com/sgaunet/perplexity-go/v2.
package perplexity

import "context"

type Client struct{}

func NewClient(key string) *Client { return &Client{} }

type CompletionRequest struct {
	Model    string
	Messages []Message
}

type Message struct{ Role, Content string }

type CompletionResponse struct{ Choices []Message }

type CompletionRequestOption func(*CompletionRequest)

func WithModel(model string) CompletionRequestOption {
	return func(r *CompletionRequest) { r.Model = model }
}

func NewCompletionRequest(opts ...CompletionRequestOption) *CompletionRequest {
	return &CompletionRequest{}
}

func (s *Client) SendCompletionRequest(req *CompletionRequest) (*CompletionResponse, error) {
	return nil, nil
}

func (s *Client) SendCompletionRequestWithContext(ctx context.Context, req *CompletionRequest) (*CompletionResponse, error) {
	return nil, nil
}

func (s *Client) SendHTTPRequest(req *CompletionRequest) (*CompletionResponse, error) {
	return nil, nil
}
