package eino05

import (
	"context"

	"github.com/cloudwego/eino/components/model"
	"github.com/cloudwego/eino/schema"
)

func chat(ctx context.Context, m model.BaseChatModel, tc model.ToolCallingChatModel) {
	m.Generate(ctx, []*schema.Message{{Content: "hi"}}) // want `eino BaseChatModel.Generate model="dynamic" stream=false in eino05.chat via sdk`
	tc.Stream(ctx, []*schema.Message{{Content: "hi"}})  // want `eino BaseChatModel.Stream model="dynamic" stream=true`
}

// generator has the same method names but is not eino's.
type generator interface {
	Generate(ctx context.Context, input []*schema.Message, opts ...model.Option) (*schema.Message, error)
}

func notAI(ctx context.Context, g generator) {
	g.Generate(ctx, nil)
}
