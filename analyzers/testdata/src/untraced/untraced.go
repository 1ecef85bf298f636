package untraced

import (
	"context"

	"github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"
	"go.opentelemetry.io/otel"
	"google.golang.org/genai"
)

var tracer = otel.Tracer("x")

func main() {
	c := openai.NewClient()
	c.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{}) // want `AI call Chat.Completions.New has no trace span: its context comes from context.Background\(\) and the client is not instrumented`
	ask(context.TODO(), c)
	spanned(context.Background(), c)
}

func ask(ctx context.Context, c openai.Client) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{}) // want `its context comes from context.TODO\(\)`
}

func spanned(ctx context.Context, c openai.Client) {
	ctx, span := tracer.Start(ctx, "chat")
	defer span.End()
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{})
}

// Exported: the caller owns the context and its span.
func Ask(ctx context.Context, c *goopenai.Client) {
	c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{})
}

func viaHelper(c *genai.Client) {
	ctx, span := startSpan(context.Background())
	defer span.End()
	c.Models.GenerateContent(ctx, "m", nil, nil)
}

type spanT interface{ End() }

func startSpan(ctx context.Context) (context.Context, interface{ End() }) {
	return tracer.Start(ctx, "generate_content")
}
