package unbounded

import (
	"context"
	"sync"
	"time"

	"github.com/anthropics/anthropic-sdk-go"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
	"github.com/openai/openai-go/v3"
	"github.com/tmc/langchaingo/llms"
	"golang.org/x/sync/errgroup"
	"golang.org/x/time/rate"
	"google.golang.org/genai"
)

var limit = openai.Int(256)

func perDoc(ctx context.Context, c openai.Client, docs []string) {
	for range docs {
		c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{MaxCompletionTokens: limit}) // want `AI call Chat.Completions.New runs in a loop with no rate limit, concurrency limit or constant bound`
	}
}

func fanOut(ctx context.Context, c anthropic.Client, docs []string) {
	var wg sync.WaitGroup
	for range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Messages.New(ctx, anthropic.MessageNewParams{MaxTokens: 512}) // want `runs in goroutines started in a loop with no concurrency or rate limit`
		}()
	}
	wg.Wait()
}

func agent(ctx context.Context, m llms.Model) {
	for {
		m.Call(ctx, "next step", llms.WithMaxTokens(100)) // want `runs in a loop with no rate limit`
	}
}

// Bounded loops: not reported.

func limited(ctx context.Context, c openai.Client, docs []string) { // want limited:"paced"
	lim := rate.NewLimiter(5, 1)
	for range docs {
		lim.Wait(ctx)
		c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{MaxCompletionTokens: limit})
	}
}

func group(ctx context.Context, c anthropic.Client, docs []string) { // want group:"paced"
	var g errgroup.Group
	g.SetLimit(4)
	for range docs {
		g.Go(func() error {
			_, err := c.Messages.New(ctx, anthropic.MessageNewParams{MaxTokens: 512})
			return err
		})
	}
	g.Wait()
}

const maxRetries = 3

func retry(ctx context.Context, c anthropic.Client) {
	for i := 0; i < maxRetries; i++ {
		c.Messages.New(ctx, anthropic.MessageNewParams{MaxTokens: 512})
	}
	for _, m := range []string{"a", "b"} {
		_ = m
		c.Messages.New(ctx, anthropic.MessageNewParams{MaxTokens: 512})
	}
}

func steps(ctx context.Context, m llms.Model, maxSteps int) {
	for step := 0; ; step++ {
		if step >= maxSteps {
			break
		}
		m.Call(ctx, "next", llms.WithMaxTokens(100))
	}
}

func sleepy(ctx context.Context, m llms.Model, docs []string) { // want sleepy:"paced"
	for range docs {
		time.Sleep(time.Second)
		m.Call(ctx, "x", llms.WithMaxTokens(100))
	}
}

func cached(ctx context.Context, m llms.Model, docs []string, cache map[string]string) {
	for _, d := range docs {
		if _, ok := cache[d]; ok {
			continue
		}
		m.Call(ctx, d, llms.WithMaxTokens(100))
	}
}

// Token limits.

func noLimit(ctx context.Context, c openai.Client, g *genai.Client, b *bedrockruntime.Client, m llms.Model) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: "gpt-4o-2024-08-06"}) // want `AI request to Chat.Completions.New sets no token limit \(MaxCompletionTokens or MaxTokens\)`
	g.Models.GenerateContent(ctx, "gemini-2.0-flash-001", nil, nil)                         // want `AI request to Models.GenerateContent sets no token limit \(MaxOutputTokens\)`
	g.Models.GenerateContent(ctx, "gemini-2.0-flash-001", nil, &genai.GenerateContentConfig{MaxOutputTokens: 100})
	b.Converse(ctx, &bedrockruntime.ConverseInput{InferenceConfig: &types.InferenceConfiguration{}}) // want `sets no token limit \(InferenceConfig.MaxTokens\)`
	m.Call(ctx, "hi")                                                                                // want `AI request to llms.Model.Call sets no token limit \(llms.WithMaxTokens\)`
	req := openai.ChatCompletionNewParams{}
	req.MaxTokens = openai.Int(10)
	c.Chat.Completions.New(ctx, req)
}

func passedIn(ctx context.Context, c openai.Client, req openai.ChatCompletionNewParams, opts ...llms.CallOption) {
	c.Chat.Completions.New(ctx, req)
	var m llms.Model
	m.Call(ctx, "hi", opts...)
}

type holder struct{ req anthropic.MessageNewParams }

func throughField(ctx context.Context, c anthropic.Client) {
	body := anthropic.MessageNewParams{}
	body.MaxTokens = 1024
	h := &holder{req: body}
	c.Messages.New(ctx, h.req)
}

func rangeOverStream(ctx context.Context, g *genai.Client) {
	for resp, err := range g.Models.GenerateContentStream(ctx, "gemini-2.0-flash-001", nil, &genai.GenerateContentConfig{MaxOutputTokens: 100}) {
		_, _ = resp, err
	}
}

func workers(ctx context.Context, m llms.Model, jobs chan string, maxWorkers int) {
	for w := 0; w < maxWorkers; w++ {
		go func() {
			for j := range jobs {
				m.Call(ctx, j, llms.WithMaxTokens(100))
			}
		}()
	}
}
