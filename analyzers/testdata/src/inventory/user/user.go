// Package user calls the seam: found through the fact.
package user

import (
	"context"

	"inventory/seam"

	goopenai "github.com/sashabaranov/go-openai"
)

func Ask(ctx context.Context) {
	c := seam.New()
	c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{}) // want `openai Completer.CreateChatCompletion -> CreateChatCompletion model="dynamic" stream=false in inventory/user.Ask via interface`
}
