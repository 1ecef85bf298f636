// Package models is a stub of github.com/IBM/watsonx-go/pkg/models.
package models

type Client struct{}

type GenerateOption func(*GenerateOptions)
type GenerateOptions struct{ MaxNewTokens uint }
type GenerateTextResult struct{ Text string }

func WithMaxNewTokens(n uint) GenerateOption { return func(o *GenerateOptions) { o.MaxNewTokens = n } }

func (m *Client) GenerateText(model, prompt string, options ...GenerateOption) (GenerateTextResult, error) {
	return GenerateTextResult{}, nil
}

// CheckAndRefreshToken is not a model call.
func (m *Client) CheckAndRefreshToken() error { return nil }
