// Package model is a stub of github.com/cloudwego/eino/components/model as of
// v0.9.13: BaseChatModel is an alias of an instantiation of the generic
// BaseModel.
package model

import (
	"context"

	"github.com/cloudwego/eino/schema"
)

type Option struct{}

type messageType interface {
	*schema.Message | *schema.AgenticMessage
}

type BaseModel[M messageType] interface {
	Generate(ctx context.Context, input []M, opts ...Option) (M, error)
	Stream(ctx context.Context, input []M, opts ...Option) (*schema.StreamReader[M], error)
}

type BaseChatModel = BaseModel[*schema.Message]

type AgenticModel = BaseModel[*schema.AgenticMessage]

type ToolCallingChatModel interface {
	BaseChatModel
	WithTools(tools []string) (ToolCallingChatModel, error)
}

// Embedder is not a chat model: its calls are not matched through aliases.
type Embedder interface {
	EmbedStrings(ctx context.Context, texts []string) ([][]float64, error)
}
