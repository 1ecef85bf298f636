// Package relay hands streams to the helpers of package adapter.
package relay

import (
	"context"
	"os"

	goopenai "github.com/sashabaranov/go-openai"

	"relay/adapter"
)

func drained(ctx context.Context, c *goopenai.Client) error {
	s, err := c.CreateChatCompletionStream(ctx, goopenai.ChatCompletionRequest{})
	if err != nil {
		return err
	}
	return adapter.Drain(s) // the adapter closes it
}

func forwarded(ctx context.Context, c *goopenai.Client) {
	s, _ := c.CreateChatCompletionStream(ctx, goopenai.ChatCompletionRequest{})
	adapter.Forward(os.Stdout, s)
}

func wrapped(ctx context.Context, c *goopenai.Client) *adapter.Reader {
	s, _ := c.CreateChatCompletionStream(ctx, goopenai.ChatCompletionRequest{})
	return adapter.Wrap(s) // kept by the adapter, closed through it
}

func readOnly(ctx context.Context, c *goopenai.Client) error {
	s, err := c.CreateChatCompletionStream(ctx, goopenai.ChatCompletionRequest{}) // want `stream from CreateChatCompletionStream is never closed`
	if err != nil {
		return err
	}
	return adapter.Read(s)
}

// local helper that closes what it is given.
func finish(s *goopenai.ChatCompletionStream) { s.Close() } // want finish:"closes 0"

func closedLocally(ctx context.Context, c *goopenai.Client) {
	s, _ := c.CreateChatCompletionStream(ctx, goopenai.ChatCompletionRequest{})
	defer finish(s)
}
