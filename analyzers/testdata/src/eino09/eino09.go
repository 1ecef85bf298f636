package eino09

import (
	"context"

	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/schema"
)

func chat(ctx context.Context, m model.BaseChatModel, tc model.ToolCallingChatModel, am model.AgenticModel, bm model.BaseModel[*schema.Message]) {
	m.Generate(ctx, []*schema.Message{schema.UserMessage("hi")}) // want `eino BaseModel.Generate model="dynamic" stream=false in eino09.chat via sdk`
	tc.Stream(ctx, []*schema.Message{schema.UserMessage("hi")})  // want `eino BaseModel.Stream model="dynamic" stream=true`
	am.Generate(ctx, nil)                                        // want `eino BaseModel.Generate`
	bm.Generate(ctx, nil)                                        // want `eino BaseModel.Generate`
}

// Generic code over the model type.
func generic[M model.BaseChatModel](ctx context.Context, m M) {
	m.Generate(ctx, nil) // want `eino BaseModel.Generate`
}

// Through a local seam.
type chatter interface {
	Generate(ctx context.Context, input []*schema.Message, opts ...model.Option) (*schema.Message, error)
}

func seam(ctx context.Context, m model.ToolCallingChatModel) {
	var c chatter = m
	c.Generate(ctx, nil) // want `eino chatter.Generate -> BaseModel.Generate`
}

// Not AI: a generic interface of another package with the same shape, and an
// embedder (not a chat model).
type Base[M any] interface {
	Generate(ctx context.Context, input []M, opts ...model.Option) (M, error)
}

type Alias = Base[*schema.Message]

func notAI(ctx context.Context, a Alias, e model.Embedder) {
	a.Generate(ctx, nil)
	e.EmbedStrings(ctx, nil)
}
