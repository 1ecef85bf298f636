package modelpin

import (
	"context"
	"flag"

	vertex "cloud.google.com/go/vertexai/genai"
	"github.com/anthropics/anthropic-sdk-go"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/ollama/ollama/api"
	"github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"
	"github.com/tmc/langchaingo/llms"
	lcopenai "github.com/tmc/langchaingo/llms/openai"
	"google.golang.org/genai"
)

const pinnedModel = "gpt-4o-2024-08-06"

type cfg struct{ model string }

func openaiGo(ctx context.Context, c openai.Client) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4o})           // want `AI call Chat.Completions.New uses floating model "gpt-4o" \(an alias without a dated snapshot\)`
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelChatgpt4oLatest}) // want `floating model "chatgpt-4o-latest" \(a -latest alias\)`
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4o2024_08_06})
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: pinnedModel})
	c.Embeddings.New(ctx, openai.EmbeddingNewParams{Model: "text-embedding-3-small"})
	conf := &cfg{model: "gpt-4.1-mini"}
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: conf.model}) // want `floating model "gpt-4.1-mini"`
}

func goOpenAI(ctx context.Context, c *goopenai.Client) {
	c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT3Dot5Turbo})     // want `floating model "gpt-3.5-turbo"`
	c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT3Dot5Turbo0613}) // want `deprecated model "gpt-3.5-turbo-0613"`
	c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: "gpt-4-0613"})
}

func claude(ctx context.Context, c anthropic.Client) {
	c.Messages.New(ctx, anthropic.MessageNewParams{Model: anthropic.ModelClaude3_5SonnetLatest}) // want `deprecated model "claude-3-5-sonnet-latest"`
	c.Messages.New(ctx, anthropic.MessageNewParams{Model: anthropic.ModelClaudeSonnet4_5})       // want `floating model "claude-sonnet-4-5" \(an alias without a date`
	c.Messages.New(ctx, anthropic.MessageNewParams{Model: anthropic.ModelClaudeSonnet4_5_20250929})
	c.Messages.New(ctx, anthropic.MessageNewParams{Model: anthropic.ModelClaudeOpus4_6})
	c.Messages.New(ctx, anthropic.MessageNewParams{Model: "claude-haiku-4-5-latest"}) // want `floating model "claude-haiku-4-5-latest" \(a -latest alias\)`
	c.Messages.New(ctx, anthropic.MessageNewParams{Model: anthropic.ModelClaude_2_1}) // want `deprecated model "claude-2.1"`
}

func google(ctx context.Context, c *genai.Client, v *vertex.Client) {
	c.Models.GenerateContent(ctx, "gemini-2.0-flash", nil, nil) // want `floating model "gemini-2.0-flash" \(an auto-updated alias`
	c.Models.GenerateContent(ctx, "gemini-2.0-flash-001", nil, nil)
	c.Models.GenerateContent(ctx, "models/gemini-flash-latest", nil, nil) // want `floating model "models/gemini-flash-latest"`
	m := v.GenerativeModel("gemini-1.5-pro-002")                          // want `deprecated model "gemini-1.5-pro-002"`
	m.GenerateContent(ctx)
}

func bedrock(ctx context.Context, c *bedrockruntime.Client) {
	c.Converse(ctx, &bedrockruntime.ConverseInput{ModelId: aws.String("anthropic.claude-3-haiku-20240307-v1:0")})
	c.Converse(ctx, &bedrockruntime.ConverseInput{ModelId: aws.String("amazon.nova-pro")}) // want `floating model "amazon.nova-pro" \(a Bedrock model id without a version suffix\)`
}

func ollama(ctx context.Context, c *api.Client) {
	c.Chat(ctx, &api.ChatRequest{Model: "llama3.2"}, nil) // want `floating model "llama3.2" \(no tag, which means :latest\)`
	c.Chat(ctx, &api.ChatRequest{Model: "llama3.2:3b-instruct-q4_K_M"}, nil)
	c.Chat(ctx, &api.ChatRequest{Model: "qwen3:latest"}, nil) // want `floating model "qwen3:latest"`
}

func lc(ctx context.Context) {
	llm, _ := lcopenai.New(lcopenai.WithModel("gpt-4o-mini")) // want `floating model "gpt-4o-mini"`
	llm.Call(ctx, "hi")
	llms.GenerateFromSinglePrompt(ctx, llm, "hi", llms.WithModel("gpt-4o-mini-2024-07-18"))
}

// Model defaults that reach no call the analyzer can trace.
const defaultModel = "gpt-4-turbo" // want `model id "gpt-4-turbo" is a floating alias`

var modelFlag = flag.String("model", "claude-3-opus-20240229", "model to use") // want `model id "claude-3-opus-20240229" is deprecated`

var notAModel = "gpt-4o" // the name says nothing about a model
var modelPath = "/models/gpt-4o"

// Defaults kept in maps: provider -> model.
var defaultModels = map[string]string{
	"openai":    "gpt-5", // want `model id "gpt-5" is a floating alias`
	"anthropic": "claude-sonnet-4-5-20250929",
	"google":    "gemini-1.5-pro", // want `model id "gemini-1.5-pro" is deprecated`
}

type config struct{ Defaults map[string]string }

var conf = config{Defaults: map[string]string{"chat": "claude-3-7-sonnet-latest"}} // want `model id "claude-3-7-sonnet-latest" is a floating alias`

func aliases() map[string]string {
	m := map[string]string{"fast": "gpt-4.1-nano", "smart": "o4-mini"} // want `"gpt-4.1-nano" is a floating alias` `"o4-mini" is a floating alias`
	return m
}

// Not model defaults.
var displayNames = map[string]string{"gpt-4o-2024-08-06": "GPT-4o"}
var colors = map[string]string{"default": "blue", "gpt": "green"}
var modelOwners = map[string]string{"gpt-4o": "openai"}
