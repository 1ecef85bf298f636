package inventory

import (
	"context"

	bedrock "cloud.google.com/go/vertexai/genai"
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

const defaultModel = "gpt-4o-mini-2024-07-18"

type service struct {
	client openai.Client
	model  string
}

func newService() *service { return &service{client: openai.NewClient(), model: "gpt-4.1"} }

func openaiGo(ctx context.Context, c openai.Client, s *service) {
	c.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: openai.ChatModelGPT4o}) // want `openai Chat.Completions.New model="gpt-4o" stream=false in inventory.openaiGo`
	params := openai.ChatCompletionNewParams{Model: defaultModel}
	c.Chat.Completions.NewStreaming(ctx, params)                                       // want `openai Chat.Completions.NewStreaming model="gpt-4o-mini-2024-07-18" stream=true`
	s.client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{Model: s.model}) // want `model="gpt-4.1"`
	c.Embeddings.New(ctx, openai.EmbeddingNewParams{Model: pick()})                    // want `openai Embeddings.New model="dynamic"`
	c.Responses.New(ctx, responsesParams())                                            // want `openai Responses.New model="dynamic"`
}

func pick() string { return "x" }

func goOpenAI(ctx context.Context, c *goopenai.Client) {
	c.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: goopenai.GPT4o}) // want `openai CreateChatCompletion model="gpt-4o"`
	req := goopenai.ChatCompletionRequest{}
	req.Model = goopenai.GPT3Dot5Turbo
	c.CreateChatCompletionStream(ctx, req) // want `openai CreateChatCompletionStream model="dynamic" stream=true`
}

func anthropicCalls(ctx context.Context, c anthropic.Client) {
	c.Messages.New(ctx, anthropic.MessageNewParams{Model: anthropic.ModelClaudeSonnet4_5, MaxTokens: 1024}) // want `anthropic Messages.New model="claude-sonnet-4-5"`
	c.Beta.Messages.New(ctx, anthropic.MessageNewParams{Model: "claude-opus-4-6"})                          // want `anthropic Beta.Messages.New model="claude-opus-4-6"`
}

func google(ctx context.Context, c *genai.Client, v *bedrock.Client) {
	c.Models.GenerateContent(ctx, "gemini-2.5-flash", genai.Text("hi"), nil) // want `google Models.GenerateContent model="gemini-2.5-flash"`
	chat, _ := c.Chats.Create(ctx, "gemini-2.0-flash-001", nil, nil)         // a session, no request
	chat.SendMessage(ctx, genai.Part{Text: "hi"})                            // want `google Chat.SendMessage model="gemini-2.0-flash-001"`
	live, _ := c.Live.Connect(ctx, "gemini-2.0-flash-live-001", nil)         // want `google Live.Connect model="gemini-2.0-flash-live-001"`
	live.Close()
	m := v.GenerativeModel("gemini-1.5-pro")
	m.GenerateContent(ctx, bedrock.Text("hi")) // want `google GenerativeModel.GenerateContent model="gemini-1.5-pro"`
	cs := m.StartChat()
	cs.SendMessage(ctx, bedrock.Text("hi")) // want `google ChatSession.SendMessage model="gemini-1.5-pro"`
	e := v.EmbeddingModel("text-embedding-004")
	e.BatchEmbedContents(ctx, nil) // want `google EmbeddingModel.BatchEmbedContents model="text-embedding-004"`
}

func aws_(ctx context.Context, c *bedrockruntime.Client) {
	c.Converse(ctx, &bedrockruntime.ConverseInput{ModelId: aws.String("anthropic.claude-3-haiku-20240307-v1:0")}) // want `aws-bedrock Converse model="anthropic.claude-3-haiku-20240307-v1:0"`
	c.InvokeModel(ctx, &bedrockruntime.InvokeModelInput{})                                                        // want `aws-bedrock InvokeModel model="dynamic"`
}

func lc(ctx context.Context, m llms.Model) {
	llm, _ := lcopenai.New(lcopenai.WithModel("gpt-4o"))
	llm.Call(ctx, "hi")                                                      // want `langchaingo Call model="gpt-4o"`
	llms.GenerateFromSinglePrompt(ctx, llm, "hi", llms.WithModel("o3-mini")) // want `langchaingo llms.GenerateFromSinglePrompt model="o3-mini"`
	m.GenerateContent(ctx, nil)                                              // want `langchaingo llms.Model.GenerateContent model="dynamic"`
}

func ollamaCall(ctx context.Context, c *api.Client) {
	c.Chat(ctx, &api.ChatRequest{Model: "llama3.2"}, nil) // want `ollama Chat model="llama3.2" stream=true`
}

// Not AI calls: same method names on other types.
type fake struct{}

func (fake) CreateChatCompletion(ctx context.Context, r goopenai.ChatCompletionRequest) {}
func (fake) New(ctx context.Context, p openai.ChatCompletionNewParams)                  {}
func (fake) GenerateContent(ctx context.Context, s string)                              {}

func notAI(ctx context.Context, f fake) {
	f.CreateChatCompletion(ctx, goopenai.ChatCompletionRequest{Model: "gpt-4o"})
	f.New(ctx, openai.ChatCompletionNewParams{})
	f.GenerateContent(ctx, "gemini")
	_ = newService()
}
