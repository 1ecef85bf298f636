package aisdk

// github.com/anthropics/anthropic-sdk-go, read from v1.19.0.

const anthropicGo = "github.com/anthropics/anthropic-sdk-go"

func tableAnthropic() {
	model := ModelSource{Arg: 1, Field: "Model"}
	max := []string{"MaxTokens"}
	register([]*Surface{
		{Provider: "anthropic", Pkg: anthropicGo, Recv: "MessageService", Method: "New", Name: "Messages.New", Model: model, MaxTokens: max, MaxTokensArg: 1, Version: "v1.19.0"},
		{Provider: "anthropic", Pkg: anthropicGo, Recv: "MessageService", Method: "NewStreaming", Name: "Messages.NewStreaming", Streaming: true, Model: model, MaxTokens: max, MaxTokensArg: 1, Version: "v1.19.0"},
		{Provider: "anthropic", Pkg: anthropicGo, Recv: "BetaMessageService", Method: "New", Name: "Beta.Messages.New", Model: model, MaxTokens: max, MaxTokensArg: 1, Version: "v1.19.0"},
		{Provider: "anthropic", Pkg: anthropicGo, Recv: "BetaMessageService", Method: "NewStreaming", Name: "Beta.Messages.NewStreaming", Streaming: true, Model: model, MaxTokens: max, MaxTokensArg: 1, Version: "v1.19.0"},
		{Provider: "anthropic", Pkg: anthropicGo, Recv: "CompletionService", Method: "New", Name: "Completions.New", Model: model, MaxTokens: []string{"MaxTokensToSample"}, MaxTokensArg: 1, Version: "v1.19.0"},
		{Provider: "anthropic", Pkg: anthropicGo, Recv: "CompletionService", Method: "NewStreaming", Name: "Completions.NewStreaming", Streaming: true, Model: model, MaxTokens: []string{"MaxTokensToSample"}, MaxTokensArg: 1, Version: "v1.19.0"},
	})
	sinks(
		PromptSink{Pkg: anthropicGo, Name: "NewTextBlock"},
		PromptSink{Pkg: anthropicGo, Name: "TextBlockParam", Field: "Text"},
		PromptSink{Pkg: anthropicGo, Name: "NewBetaTextBlock"},
	)
}
