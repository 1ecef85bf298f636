// Package anthropic is a stub of github.com/anthropics/anthropic-sdk-go.
package anthropic

import (
	"context"

	"github.com/anthropics/anthropic-sdk-go/option"
	"github.com/anthropics/anthropic-sdk-go/packages/ssestream"
)

type Model string

const (
	ModelClaude3_5SonnetLatest    Model = "claude-3-5-sonnet-latest"
	ModelClaude3_5Sonnet20241022  Model = "claude-3-5-sonnet-20241022"
	ModelClaudeSonnet4_5          Model = "claude-sonnet-4-5"
	ModelClaudeSonnet4_5_20250929 Model = "claude-sonnet-4-5-20250929"
	ModelClaudeOpus4_6            Model = "claude-opus-4-6"
	ModelClaude_2_1               Model = "claude-2.1"
)

type Client struct {
	Messages MessageService
	Beta     BetaService
}

func NewClient(opts ...option.RequestOption) Client { return Client{} }

type MessageService struct{}
type BetaService struct{ Messages BetaMessageService }
type BetaMessageService struct{}

type ContentBlockParamUnion struct{}
type TextBlockParam struct{ Text string }
type MessageParam struct{}

func NewTextBlock(text string) ContentBlockParamUnion              { return ContentBlockParamUnion{} }
func NewUserMessage(blocks ...ContentBlockParamUnion) MessageParam { return MessageParam{} }

type MessageNewParams struct {
	Model     Model
	MaxTokens int64
	Messages  []MessageParam
	System    []TextBlockParam
}
type Message struct{}
type MessageStreamEventUnion struct{}

func (r *MessageService) New(ctx context.Context, body MessageNewParams, opts ...option.RequestOption) (*Message, error) {
	return nil, nil
}
func (r *MessageService) NewStreaming(ctx context.Context, body MessageNewParams, opts ...option.RequestOption) *ssestream.Stream[MessageStreamEventUnion] {
	return nil
}
func (r *BetaMessageService) New(ctx context.Context, body MessageNewParams, opts ...option.RequestOption) (*Message, error) {
	return nil, nil
}
