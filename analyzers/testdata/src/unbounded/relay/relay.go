// Package relay calls the model through the helpers of package llm, in
// another package: loops and requests are judged here, where they are.
package relay

import (
	"bufio"
	"context"
	"fmt"
	"os"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	goopenai "github.com/sashabaranov/go-openai"
	"golang.org/x/time/rate"

	"relay/llm"
)

// agent loops until the model stops asking for tools: no step cap.
func agent(ctx context.Context, c *llm.Client, req goopenai.ChatCompletionRequest) {
	for {
		out, err := c.Ask(ctx, &req) // want `AI call Client.Ask -> CreateChatCompletion runs in a loop with no rate limit, concurrency limit or constant bound`
		if err != nil || out == "" {
			return
		}
	}
}

// throughInterface loops over an interface whose implementation calls the
// model.
func throughInterface(ctx context.Context, p llm.Provider, prompts []string) {
	for _, q := range prompts {
		p.Send(ctx, q) // want `AI call Provider.Send -> CreateChatCompletion runs in a loop`
	}
}

// helper of this package that reaches the model through llm.
func summarize(ctx context.Context, c *llm.Client, text string) error {
	return llm.Complete(ctx, c, text)
}

func perFile(ctx context.Context, c *llm.Client, files []string) {
	for _, f := range files {
		go summarize(ctx, c, f) // want `AI call summarize -> CreateChatCompletion runs in goroutines started in a loop`
	}
}

// A helper that waits on a limiter paces the loop.
func paced(ctx context.Context, lim *rate.Limiter, c *llm.Client, text string) error { // want paced:"paced"
	lim.Wait(ctx)
	return llm.Complete(ctx, c, text)
}

func perFilePaced(ctx context.Context, lim *rate.Limiter, c *llm.Client, files []string) { // want perFilePaced:"paced"
	for _, f := range files {
		paced(ctx, lim, c, f)
	}
}

// A chat loop that waits for the user each turn is paced by the user.
func repl(ctx context.Context, c *llm.Client) {
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		llm.Complete(ctx, c, in.Text())
	}
	r := bufio.NewReader(os.Stdin)
	for {
		line, _ := r.ReadString('\n')
		llm.Complete(ctx, c, line)
	}
}

func steps(ctx context.Context, c *llm.Client, maxSteps int) {
	for i := 0; i < maxSteps; i++ {
		llm.Complete(ctx, c, "next")
	}
	for {
		if llm.NotAModel(ctx) != nil {
			return
		}
	}
}

// Requests passed by pointer to a helper are judged where they are built.
func requests(ctx context.Context, c *llm.Client) {
	req := goopenai.ChatCompletionRequest{Model: "gpt-4o-2024-08-06"}
	c.Ask(ctx, &req) // want `AI request to Client.Ask -> CreateChatCompletion sets no token limit \(MaxCompletionTokens or MaxTokens\)`
	capped := goopenai.ChatCompletionRequest{Model: "gpt-4o-2024-08-06", MaxTokens: 64}
	c.Ask(ctx, &capped)
	later := goopenai.ChatCompletionRequest{}
	later.MaxTokens = 10
	c.Ask(ctx, &later)
	c.AskCapped(ctx, goopenai.ChatCompletionRequest{Model: "gpt-4o-2024-08-06"}) // the helper sets it
	fmt.Println(c)
}

// A params struct that is only a placeholder for a body passed whole.
func rawBody(ctx context.Context, c openai.Client, body []byte) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{}, option.WithRequestBody("application/json", body))
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{}, option.WithJSONSet("max_completion_tokens", 100))
}
