// Package relay passes contexts to the helpers and interfaces of package
// llm, which call the model: the context is judged here.
package relay

import (
	"context"
	"time"

	goopenai "github.com/sashabaranov/go-openai"

	"relay/llm"
)

func viaHelper(c *llm.Client, req *goopenai.ChatCompletionRequest) {
	c.Ask(context.Background(), req) // want `AI call Client.Ask -> CreateChatCompletion runs on a context from context.Background\(\) with no deadline`
}

func viaInterface(p llm.Provider) {
	ctx := context.TODO()
	p.Send(ctx, "hi") // want `AI call Provider.Send -> CreateChatCompletion runs on a context from context.TODO\(\)`
}

// forward passes its own context on: its callers decide.
func forward(ctx context.Context, c *llm.Client) error { // want forward:"context 0 reaches CreateChatCompletion"
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	return llm.Complete(ctx, c, "x")
}

func twoHops(c *llm.Client) {
	forward(context.Background(), c) // want `AI call forward -> CreateChatCompletion runs on a context from context.Background\(\)`
}

// Not reported.

func timed(c *llm.Client, req *goopenai.ChatCompletionRequest) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c.Ask(ctx, req)
}

func ownDeadline(c *llm.Client, req *goopenai.ChatCompletionRequest) {
	llm.Bounded(context.Background(), c, req) // the helper applies a timeout
	llm.NotAModel(context.Background())
}
