// Package llmwrap wraps go-openai with the same API shape: its own calls of
// the SDK are the model calls, not calls of the wrapper.
package llmwrap

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"
)

type Client struct{ c *goopenai.Client }

type Request struct {
	Model    string
	Messages []goopenai.ChatCompletionMessage
}

type Response struct{ Choices []string }

func (w *Client) CreateChatCompletion(ctx context.Context, req Request) (Response, error) {
	w.c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: req.Model}) // want `openai CreateChatCompletion .* via sdk`
	return Response{}, nil
}
