// Package sdks has one call per entry of the wider SDK table.
package sdks

import (
	"context"

	"charm.land/fantasy"
	fantasyai "charm.land/fantasy/ai"
	"github.com/Azure/azure-sdk-for-go/sdk/ai/azopenai"
	wx "github.com/IBM/watsonx-go/pkg/models"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go/service/sagemakerruntime"
	einoopenai "github.com/cloudwego/eino-ext/components/model/openai"
	"github.com/cloudwego/eino/schema"
	"github.com/gage-technologies/mistral-go"
	"github.com/hupe1980/go-huggingface"
	goanthropic "github.com/liushuangls/go-anthropic/v2"
	"github.com/ollama/ollama/api"
	"github.com/oracle/oci-go-sdk/v65/generativeaiinference"
	goopenai "github.com/sashabaranov/go-openai"
	"github.com/sgaunet/perplexity-go/v2"
)

func fantasyCalls(ctx context.Context, p fantasy.Provider) {
	m, _ := p.LanguageModel(ctx, "claude-sonnet-4-20250514")
	m.Generate(ctx, fantasy.Call{Prompt: fantasy.Prompt{fantasy.NewUserMessage("hi")}}) // want `fantasy LanguageModel.Generate model="claude-sonnet-4-20250514" stream=false`
	m.Stream(ctx, fantasy.Call{})                                                       // want `fantasy LanguageModel.Stream model="claude-sonnet-4-20250514" stream=true`
	a := fantasy.NewAgent(m)
	a.Generate(ctx, fantasy.AgentCall{Prompt: "hi"}) // want `fantasy Agent.Generate model="dynamic"`
	m.GenerateObject(ctx, fantasy.ObjectCall{})      // want `fantasy LanguageModel.GenerateObject model="claude-sonnet-4-20250514"`
	m.StreamObject(ctx, fantasy.ObjectCall{})        // want `fantasy LanguageModel.StreamObject .* stream=true`
	a.Stream(ctx, fantasy.AgentCall{})               // want `fantasy Agent.Stream .* stream=true`
	m.Model()                                        // not a model call
}

func perplexityCalls(ctx context.Context, c *perplexity.Client) {
	c.SendCompletionRequest(&perplexity.CompletionRequest{Model: "sonar"})                                      // want `perplexity SendCompletionRequest model="sonar"`
	c.SendHTTPRequest(&perplexity.CompletionRequest{Model: "sonar-reasoning"})                                  // want `perplexity SendHTTPRequest model="sonar-reasoning"`
	c.SendCompletionRequestWithContext(ctx, perplexity.NewCompletionRequest(perplexity.WithModel("sonar-pro"))) // want `perplexity SendCompletionRequestWithContext model="dynamic"`
}

func mistralCalls(c *mistral.MistralClient) {
	c.Chat("mistral-large-latest", nil, &mistral.ChatRequestParams{MaxTokens: 100}) // want `mistral Chat model="mistral-large-latest"`
	c.ChatStream("open-mistral-nemo", nil, nil)                                     // want `mistral ChatStream model="open-mistral-nemo" stream=true`
	c.Embeddings("mistral-embed", nil)                                              // want `mistral Embeddings model="mistral-embed"`
	c.ListModels()                                                                  // not a model call
}

func einoExt(ctx context.Context) {
	cm, _ := einoopenai.NewChatModel(ctx, &einoopenai.ChatModelConfig{Model: "gpt-4o"})
	cm.Generate(ctx, []*schema.Message{schema.UserMessage("hi")}) // want `eino ChatModel.Generate`
	cm.Stream(ctx, nil)                                           // want `eino ChatModel.Stream model="dynamic" stream=true`
	cm.GetType()
}

// The early preview's package, charm.land/fantasy/ai.
func fantasyAI(ctx context.Context, p fantasyai.Provider) {
	m, _ := p.LanguageModel("gpt-4o-2024-08-06")
	m.Generate(ctx, fantasyai.Call{})       // want `fantasy LanguageModel.Generate model="gpt-4o-2024-08-06"`
	m.Stream(ctx, fantasyai.Call{})         // want `fantasy LanguageModel.Stream .* stream=true`
	m.GenerateObject(ctx, fantasyai.Call{}) // want `fantasy LanguageModel.GenerateObject`
	m.StreamObject(ctx, fantasyai.Call{})   // want `fantasy LanguageModel.StreamObject`
	a := fantasyai.NewAgent(m)
	a.Generate(ctx, fantasyai.Call{}) // want `fantasy Agent.Generate`
	a.Stream(ctx, fantasyai.Call{})   // want `fantasy Agent.Stream`
}

// Older entries of the table.
func older(ctx context.Context, g *goopenai.Client, o *api.Client, b *bedrockruntime.Client) {
	g.CreateCompletion(ctx, goopenai.CompletionRequest{Model: "gpt-3.5-turbo-instruct"})                                                   // want `openai CreateCompletion model="gpt-3.5-turbo-instruct"`
	g.CreateCompletionStream(ctx, goopenai.CompletionRequest{Model: "gpt-3.5-turbo-instruct"})                                             // want `openai CreateCompletionStream .* stream=true`
	g.CreateEmbeddings(ctx, goopenai.EmbeddingRequest{Model: "text-embedding-3-small"})                                                    // want `openai CreateEmbeddings model="text-embedding-3-small"`
	o.Generate(ctx, &api.GenerateRequest{Model: "llama3.2:3b"}, nil)                                                                       // want `ollama Generate model="llama3.2:3b" stream=true`
	o.Embed(ctx, &api.EmbedRequest{Model: "nomic-embed-text"})                                                                             // want `ollama Embed model="nomic-embed-text"`
	o.Embeddings(ctx, &api.EmbeddingRequest{Model: "nomic-embed-text"})                                                                    // want `ollama Embeddings model="nomic-embed-text"`
	b.ConverseStream(ctx, &bedrockruntime.ConverseStreamInput{ModelId: aws.String("amazon.nova-lite-v1:0")})                               // want `aws-bedrock ConverseStream model="amazon.nova-lite-v1:0" stream=true`
	b.InvokeModelWithResponseStream(ctx, &bedrockruntime.InvokeModelWithResponseStreamInput{ModelId: aws.String("amazon.nova-lite-v1:0")}) // want `aws-bedrock InvokeModelWithResponseStream .* stream=true`
}

// The SDKs k8sgpt calls besides the common ones.
func k8sgptSDKs(ctx context.Context, h *huggingface.InferenceClient, w *wx.Client, o *generativeaiinference.GenerativeAiInferenceClient, sm *sagemakerruntime.SageMakerRuntime) {
	h.Conversational(ctx, &huggingface.ConversationalRequest{Model: "microsoft/DialoGPT-large"}) // want `huggingface InferenceClient.Conversational model="microsoft/DialoGPT-large"`
	h.TextGeneration(ctx, &huggingface.TextGenerationRequest{Model: "gpt2"})                     // want `huggingface InferenceClient.TextGeneration model="gpt2"`
	h.Text2TextGeneration(ctx, &huggingface.TextGenerationRequest{})                             // want `huggingface InferenceClient.Text2TextGeneration`
	h.Summarization(ctx, &huggingface.TextGenerationRequest{})                                   // want `huggingface InferenceClient.Summarization`
	h.QuestionAnswering(ctx, &huggingface.TextGenerationRequest{})                               // want `huggingface InferenceClient.QuestionAnswering`
	h.FeatureExtraction(ctx, &huggingface.TextGenerationRequest{})                               // want `huggingface InferenceClient.FeatureExtraction`
	h.SetModel("gpt2")                                                                           // not a model call
	w.GenerateText("ibm/granite-13b-chat-v2", "hi", wx.WithMaxNewTokens(100))                    // want `ibm-watsonx GenerateText model="ibm/granite-13b-chat-v2"`
	w.CheckAndRefreshToken()                                                                     // not a model call
	o.Chat(ctx, generativeaiinference.ChatRequest{})                                             // want `oci-genai GenerativeAiInferenceClient.Chat model="dynamic"`
	o.GenerateText(ctx, generativeaiinference.GenerateTextRequest{})                             // want `oci-genai GenerativeAiInferenceClient.GenerateText`
	o.EmbedText(ctx, generativeaiinference.EmbedTextRequest{})                                   // want `oci-genai GenerativeAiInferenceClient.EmbedText`
	o.SummarizeText(ctx, generativeaiinference.SummarizeTextRequest{})                           // want `oci-genai GenerativeAiInferenceClient.SummarizeText`
	o.SetRegion("eu-frankfurt-1")                                                                // not a model call
	sm.InvokeEndpoint(&sagemakerruntime.InvokeEndpointInput{})                                   // want `aws-sagemaker InvokeEndpoint`
	sm.InvokeEndpointWithContext(ctx, &sagemakerruntime.InvokeEndpointInput{})                   // want `aws-sagemaker InvokeEndpointWithContext`
	sm.InvokeEndpointWithResponseStream(&sagemakerruntime.InvokeEndpointInput{})                 // want `aws-sagemaker InvokeEndpointWithResponseStream .* stream=true`
	sm.InvokeEndpointWithResponseStreamWithContext(ctx, &sagemakerruntime.InvokeEndpointInput{}) // want `aws-sagemaker InvokeEndpointWithResponseStreamWithContext .* stream=true`
	sm.InvokeEndpointRequest(nil)                                                                // not a model call
}

func azureCalls(ctx context.Context, c *azopenai.Client) {
	deployment := Ptr("gpt-4o")
	c.GetChatCompletions(ctx, azopenai.ChatCompletionsOptions{DeploymentName: deployment}, nil)       // want `azure-openai GetChatCompletions model="gpt-4o" stream=false`
	c.GetChatCompletionsStream(ctx, azopenai.ChatCompletionsOptions{DeploymentName: deployment}, nil) // want `azure-openai GetChatCompletionsStream model="gpt-4o" stream=true`
	c.GetCompletions(ctx, azopenai.CompletionsOptions{}, nil)                                         // want `azure-openai GetCompletions model="dynamic"`
	c.GetCompletionsStream(ctx, azopenai.CompletionsOptions{}, nil)                                   // want `azure-openai GetCompletionsStream`
	c.GetEmbeddings(ctx, azopenai.EmbeddingsOptions{}, nil)                                           // want `azure-openai GetEmbeddings`
}

// Ptr is azcore's to.Ptr.
func Ptr[T any](v T) *T { return &v }

func goAnthropicCalls(ctx context.Context, c *goanthropic.Client) {
	c.CreateMessages(ctx, goanthropic.MessagesRequest{Model: "claude-sonnet-4-5-20250929", MaxTokens: 100}) // want `anthropic CreateMessages model="claude-sonnet-4-5-20250929" stream=false`
	c.CreateMessagesStream(ctx, goanthropic.MessagesStreamRequest{                                          // want `anthropic CreateMessagesStream model="claude-opus-4-6" stream=true`
		MessagesRequest: goanthropic.MessagesRequest{Model: "claude-opus-4-6", MaxTokens: 100},
	})
}
