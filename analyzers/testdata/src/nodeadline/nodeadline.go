package nodeadline

import (
	"context"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
	"github.com/ollama/ollama/api"
	"github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"
	"github.com/tmc/langchaingo/llms"
	"golang.org/x/sync/errgroup"
	"google.golang.org/genai"
)

func background(c openai.Client) {
	c.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{}) // want `AI call Chat.Completions.New runs on a context from context.Background\(\) with no deadline`
}

func todoVar(c *goopenai.Client) {
	ctx := context.TODO()
	c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{}) // want `context from context.TODO\(\)`
}

func cancelOnly(c anthropic.Client) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c.Messages.New(ctx, anthropic.MessageNewParams{}) // want `context from context.Background\(\)`
}

func detached(ctx context.Context, c *genai.Client) {
	c.Models.GenerateContent(context.WithoutCancel(ctx), "m", nil, nil) // want `context from context.WithoutCancel\(\)`
}

func groupCtx(c *api.Client) {
	g, ctx := errgroup.WithContext(context.Background())
	g.Go(func() error { return c.Chat(ctx, &api.ChatRequest{}, nil) }) // want `context from context.Background\(\)`
}

// Not reported.

func withTimeout(c openai.Client) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{})
}

func param(ctx context.Context, m llms.Model) { // want param:"context 0 reaches llms.Model.Call"
	m.Call(ctx, "hi")
	c2, cancel := context.WithCancel(ctx)
	defer cancel()
	m.Call(c2, "hi")
}

func conditional(m llms.Model, d time.Duration) {
	ctx := context.Background()
	if d > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, d)
		defer cancel()
	}
	m.Call(ctx, "hi")
}

type holder struct{ ctx context.Context }

func (h *holder) fromField(m llms.Model) {
	m.Call(h.ctx, "hi") // unknown origin: not reported
}
