// Package openai is a stub of github.com/cloudwego/eino-ext/components/model/openai.
package openai

import (
	"context"

	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/schema"
)

type ChatModelConfig struct{ Model string }

type ChatModel struct{}

func NewChatModel(ctx context.Context, cfg *ChatModelConfig) (*ChatModel, error) {
	return &ChatModel{}, nil
}

func (*ChatModel) Generate(ctx context.Context, in []*schema.Message, opts ...model.Option) (*schema.Message, error) {
	return nil, nil
}

func (*ChatModel) Stream(ctx context.Context, in []*schema.Message, opts ...model.Option) (*schema.StreamReader[*schema.Message], error) {
	return nil, nil
}

// GetType is not a model call.
func (*ChatModel) GetType() string { return "OpenAI" }
