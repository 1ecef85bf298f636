package forks

import (
	"context"

	"example.com/llmwrap"
	"example.com/notai/chatlog"
	fork "github.com/forkorg/go-openai"
)

func calls(ctx context.Context, c *fork.Client) {
	c.CreateChatCompletion(ctx, fork.ChatCompletionRequest{Model: "gpt-4o"})        // want `openai CreateChatCompletion model="gpt-4o" stream=false in forks.calls via shape fork=github.com/forkorg/go-openai.Client`
	c.CreateChatCompletionStream(ctx, fork.ChatCompletionRequest{Model: "o3"})      // want `openai CreateChatCompletionStream model="o3" stream=true`
	c.CreateEmbeddings(ctx, fork.EmbeddingRequest{Model: "text-embedding-3-small"}) // want `openai CreateEmbeddings model="text-embedding-3-small"`
}

// completer is a local seam over the fork.
type completer interface {
	CreateChatCompletion(ctx context.Context, req fork.ChatCompletionRequest) (fork.ChatCompletionResponse, error)
}

func seam(ctx context.Context) {
	var c completer = fork.NewClient("k")
	c.CreateChatCompletion(ctx, fork.ChatCompletionRequest{}) // want `openai completer.CreateChatCompletion -> CreateChatCompletion .* via interface`
}

// Not model calls: a store with the same method names, and a wrapper that
// imports the SDK (its inner call is the one reported, in llmwrap).
func notAI(ctx context.Context, s *chatlog.Store, w *llmwrap.Client) {
	s.CreateChatCompletion(ctx, chatlog.ChatCompletionRequest{Model: "gpt-4o"})
	s.CreateEmbeddings(ctx, nil)
	w.CreateChatCompletion(ctx, llmwrap.Request{Model: "gpt-4o"})
}

// local has the shape but is declared here: this package's own methods are
// its wrappers, found through their bodies.
type local struct{}

func (local) CreateChatCompletion(ctx context.Context, req fork.ChatCompletionRequest) (fork.ChatCompletionResponse, error) {
	return fork.ChatCompletionResponse{}, nil
}

func own(ctx context.Context, l local) {
	l.CreateChatCompletion(ctx, fork.ChatCompletionRequest{})
}
