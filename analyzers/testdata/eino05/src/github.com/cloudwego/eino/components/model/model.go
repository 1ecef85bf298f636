// Package model is a stub of github.com/cloudwego/eino/components/model as of
// v0.5.9: BaseChatModel is a plain interface.
package model

import (
	"context"

	"github.com/cloudwego/eino/schema"
)

type Option struct{}

type BaseChatModel interface {
	Generate(ctx context.Context, input []*schema.Message, opts ...Option) (*schema.Message, error)
	Stream(ctx context.Context, input []*schema.Message, opts ...Option) (*schema.StreamReader[*schema.Message], error)
}

type ToolCallingChatModel interface {
	BaseChatModel
	WithTools(tools []string) (ToolCallingChatModel, error)
}
