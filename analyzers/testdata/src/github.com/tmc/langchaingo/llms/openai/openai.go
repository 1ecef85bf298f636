package openai

import (
	"context"

	"github.com/tmc/langchaingo/llms"
)

type LLM struct{}
type Option func()

func New(opts ...Option) (*LLM, error) { return &LLM{}, nil }
func WithModel(m string) Option        { return nil }

func (o *LLM) GenerateContent(ctx context.Context, messages []llms.MessageContent, options ...llms.CallOption) (*llms.ContentResponse, error) {
	return nil, nil
}
func (o *LLM) Call(ctx context.Context, prompt string, options ...llms.CallOption) (string, error) {
	return "", nil
}
