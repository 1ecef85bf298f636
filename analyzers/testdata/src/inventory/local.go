package inventory

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"
)

// completer is a seam in the same package: found without facts.
type completer interface {
	CreateChatCompletion(ctx context.Context, req goopenai.ChatCompletionRequest) (goopenai.ChatCompletionResponse, error)
}

func local(ctx context.Context) {
	var c completer = goopenai.NewClient("k")
	c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: "gpt-4o"}) // want `openai completer.CreateChatCompletion -> CreateChatCompletion model="gpt-4o" stream=false in inventory.local via interface`
}
