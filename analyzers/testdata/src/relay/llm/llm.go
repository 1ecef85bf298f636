// Package llm is a repository's own model layer: helpers, an interface
// with implementations, an adapter. Other fixture packages call it.
package llm

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"
)

// Client sends requests built by its callers.
type Client struct{ c *goopenai.Client }

// Ask sends the request it is given.
func (c *Client) Ask(ctx context.Context, req *goopenai.ChatCompletionRequest) (string, error) { // want Ask:"calls model CreateChatCompletion hops=0 args=1<-1"
	_, err := c.c.CreateChatCompletion(ctx, *req)
	return "", err
}

// AskCapped sets the token limit itself.
func (c *Client) AskCapped(ctx context.Context, req goopenai.ChatCompletionRequest) error { // want AskCapped:"calls model CreateChatCompletion hops=0 args=1<-1"
	req.MaxTokens = 256
	_, err := c.c.CreateChatCompletion(ctx, req)
	return err
}

// Complete builds its own request: a helper of a helper.
func Complete(ctx context.Context, c *Client, prompt string) error { // want Complete:"calls model CreateChatCompletion hops=1"
	req := goopenai.ChatCompletionRequest{Model: "gpt-4o-2024-08-06", MaxTokens: 100}
	_, err := c.Ask(ctx, &req)
	return err
}

// Bounded applies its own deadline.
func Bounded(ctx context.Context, c *Client, req *goopenai.ChatCompletionRequest) error { // want Bounded:"calls model CreateChatCompletion hops=1 args=1<-2"
	ctx, cancel := context.WithTimeout(ctx, 30)
	defer cancel()
	_, err := c.Ask(ctx, req)
	return err
}

// Provider is implemented by the model backends below.
type Provider interface {
	Send(ctx context.Context, prompt string) (string, error) // want Send:"calls model CreateChatCompletion hops=1"
	Name() string
}

type openAIProvider struct{ c *goopenai.Client }

func (p *openAIProvider) Send(ctx context.Context, prompt string) (string, error) { // want Send:"calls model CreateChatCompletion hops=0"
	_, err := p.c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: "gpt-4o-2024-08-06", MaxTokens: 100})
	return "", err
}

func (p *openAIProvider) Name() string { return "openai" }

// NewProvider returns the OpenAI backend.
func NewProvider() Provider { return &openAIProvider{} }

// Stream opens a stream for its caller.
func (c *Client) Stream(ctx context.Context, req goopenai.ChatCompletionRequest) (*goopenai.ChatCompletionStream, error) { // want Stream:"calls model CreateChatCompletionStream hops=0 args=1<-1"
	return c.c.CreateChatCompletionStream(ctx, req)
}

// NotAModel calls nothing that reaches a model.
func NotAModel(ctx context.Context) error { return ctx.Err() }
