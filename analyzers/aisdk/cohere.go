package aisdk

// github.com/cohere-ai/cohere-go/v2, read from v2.16.2.

const cohere = "github.com/cohere-ai/cohere-go/client"

func tableCohere() {
	model := ModelSource{Arg: 1, Field: "Model"}
	register([]*Surface{
		{Provider: "cohere", Pkg: cohere, Recv: "Client", Method: "Chat", Name: "Chat", Model: model, MaxTokens: []string{"MaxTokens"}, MaxTokensArg: 1, Version: "v2.16.2"},
		{Provider: "cohere", Pkg: cohere, Recv: "Client", Method: "ChatStream", Name: "ChatStream", Streaming: true, Model: model, MaxTokens: []string{"MaxTokens"}, MaxTokensArg: 1, Version: "v2.16.2"},
		{Provider: "cohere", Pkg: cohere, Recv: "Client", Method: "Embed", Name: "Embed", Model: model, Version: "v2.16.2"},
	})
}
