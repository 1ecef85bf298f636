package aisdk

// github.com/openai/openai-go, read from v1.12.0, v2.7.1 and v3.8.1 (the
// service layout is the same in all three; v3 moved nothing that matters here).
// github.com/sashabaranov/go-openai, read from v1.41.2.

const (
	openaiGo = "github.com/openai/openai-go"
	goOpenAI = "github.com/sashabaranov/go-openai"
)

func tableOpenai() {
	model := ModelSource{Arg: 1, Field: "Model"}
	register([]*Surface{
		{Provider: "openai", Pkg: openaiGo, Recv: "ChatCompletionService", Method: "New", Name: "Chat.Completions.New", Model: model, MaxTokens: []string{"MaxCompletionTokens", "MaxTokens"}, MaxTokensArg: 1, Version: "v3.8.1"},
		{Provider: "openai", Pkg: openaiGo, Recv: "ChatCompletionService", Method: "NewStreaming", Name: "Chat.Completions.NewStreaming", Streaming: true, Model: model, MaxTokens: []string{"MaxCompletionTokens", "MaxTokens"}, MaxTokensArg: 1, Version: "v3.8.1"},
		{Provider: "openai", Pkg: openaiGo, Recv: "CompletionService", Method: "New", Name: "Completions.New", Model: model, MaxTokens: []string{"MaxTokens"}, MaxTokensArg: 1, Version: "v3.8.1"},
		{Provider: "openai", Pkg: openaiGo, Recv: "CompletionService", Method: "NewStreaming", Name: "Completions.NewStreaming", Streaming: true, Model: model, MaxTokens: []string{"MaxTokens"}, MaxTokensArg: 1, Version: "v3.8.1"},
		{Provider: "openai", Pkg: openaiGo, Recv: "EmbeddingService", Method: "New", Name: "Embeddings.New", Model: model, Version: "v3.8.1"},
		{Provider: "openai", Pkg: openaiGo + "/responses", Recv: "ResponseService", Method: "New", Name: "Responses.New", Model: model, MaxTokens: []string{"MaxOutputTokens"}, MaxTokensArg: 1, Version: "v3.8.1"},
		{Provider: "openai", Pkg: openaiGo + "/responses", Recv: "ResponseService", Method: "NewStreaming", Name: "Responses.NewStreaming", Streaming: true, Model: model, MaxTokens: []string{"MaxOutputTokens"}, MaxTokensArg: 1, Version: "v3.8.1"},

		{Provider: "openai", Pkg: goOpenAI, Recv: "Client", Method: "CreateChatCompletion", Name: "CreateChatCompletion", Model: model, MaxTokens: []string{"MaxCompletionTokens", "MaxTokens"}, MaxTokensArg: 1, Version: "v1.41.2"},
		{Provider: "openai", Pkg: goOpenAI, Recv: "Client", Method: "CreateChatCompletionStream", Name: "CreateChatCompletionStream", Streaming: true, Model: model, MaxTokens: []string{"MaxCompletionTokens", "MaxTokens"}, MaxTokensArg: 1, Version: "v1.41.2"},
		{Provider: "openai", Pkg: goOpenAI, Recv: "Client", Method: "CreateCompletion", Name: "CreateCompletion", Model: model, MaxTokens: []string{"MaxTokens"}, MaxTokensArg: 1, Version: "v1.41.2"},
		{Provider: "openai", Pkg: goOpenAI, Recv: "Client", Method: "CreateCompletionStream", Name: "CreateCompletionStream", Streaming: true, Model: model, MaxTokens: []string{"MaxTokens"}, MaxTokensArg: 1, Version: "v1.41.2"},
		{Provider: "openai", Pkg: goOpenAI, Recv: "Client", Method: "CreateEmbeddings", Name: "CreateEmbeddings", Model: model, Version: "v1.41.2"},
	})
	sinks(
		PromptSink{Pkg: openaiGo, Name: "UserMessage"},
		PromptSink{Pkg: openaiGo, Name: "SystemMessage"},
		PromptSink{Pkg: openaiGo, Name: "DeveloperMessage"},
		PromptSink{Pkg: openaiGo, Name: "AssistantMessage"},
		PromptSink{Pkg: openaiGo + "/responses", Name: "ResponseInputItemParamOfMessage", Args: []int{0}},
		PromptSink{Pkg: openaiGo + "/responses", Name: "ResponseNewParams", Field: "Instructions"},
		PromptSink{Pkg: goOpenAI, Name: "ChatCompletionMessage", Field: "Content"},
		PromptSink{Pkg: goOpenAI, Name: "CompletionRequest", Field: "Prompt"},
	)
}
