// Package llms is a stub of github.com/tmc/langchaingo/llms.
package llms

import "context"

type MessageContent struct{}
type ContentResponse struct{}
type CallOption func()

type Model interface {
	GenerateContent(ctx context.Context, messages []MessageContent, options ...CallOption) (*ContentResponse, error)
	Call(ctx context.Context, prompt string, options ...CallOption) (string, error)
}

func GenerateFromSinglePrompt(ctx context.Context, llm Model, prompt string, options ...CallOption) (string, error) {
	return "", nil
}
func WithModel(m string) CallOption                         { return nil }
func WithMaxTokens(n int) CallOption                        { return nil }
func TextParts(role string, parts ...string) MessageContent { return MessageContent{} }
