// Package relay builds requests that helpers of package llm send: the
// model is judged where it is written.
package relay

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"

	"relay/llm"
)

func ask(ctx context.Context, c *llm.Client) {
	req := goopenai.ChatCompletionRequest{Model: "gpt-4o", MaxTokens: 10} // want `AI call Client.Ask -> CreateChatCompletion uses floating model "gpt-4o" \(an alias without a dated snapshot\)`
	c.Ask(ctx, &req)
	pinned := goopenai.ChatCompletionRequest{Model: "gpt-4o-2024-08-06", MaxTokens: 10}
	c.Ask(ctx, &pinned)
	c.AskCapped(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT3Dot5Turbo0613}) // want `uses deprecated model "gpt-3.5-turbo-0613"`
}
