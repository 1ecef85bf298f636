// Package instrumented adds tracing middleware to its client.
package instrumented

import (
	"context"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
)

func run() {
	c := openai.NewClient(option.WithMiddleware(nil))
	c.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{})
}
