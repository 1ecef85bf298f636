package aisdk

// github.com/gage-technologies/mistral-go, read from v1.1.0.

const mistral = "github.com/gage-technologies/mistral-go"

func tableMistral() {
	model := ModelSource{Arg: 0}
	register([]*Surface{
		{Provider: "mistral", Pkg: mistral, Recv: "MistralClient", Method: "Chat", Name: "Chat", Model: model, MaxTokens: []string{"MaxTokens"}, MaxTokensArg: 2, Version: "v1.1.0"},
		{Provider: "mistral", Pkg: mistral, Recv: "MistralClient", Method: "ChatStream", Name: "ChatStream", Streaming: true, Model: model, MaxTokens: []string{"MaxTokens"}, MaxTokensArg: 2, Version: "v1.1.0"},
		{Provider: "mistral", Pkg: mistral, Recv: "MistralClient", Method: "Embeddings", Name: "Embeddings", Model: model, Version: "v1.1.0"},
	})
	sinks(PromptSink{Pkg: mistral, Name: "ChatMessage", Field: "Content"})
}
