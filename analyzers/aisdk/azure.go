package aisdk

// github.com/Azure/azure-sdk-for-go/sdk/ai/azopenai, read from v0.7.2: the
// model is the deployment named in the request.

const azopenai = "github.com/Azure/azure-sdk-for-go/sdk/ai/azopenai"

func tableAzure() {
	model := ModelSource{Arg: 1, Field: "DeploymentName"}
	register([]*Surface{
		{Provider: "azure-openai", Pkg: azopenai, Recv: "Client", Method: "GetChatCompletions", Name: "GetChatCompletions", Model: model, MaxTokens: []string{"MaxTokens"}, MaxTokensArg: 1, Version: "v0.7.2"},
		{Provider: "azure-openai", Pkg: azopenai, Recv: "Client", Method: "GetChatCompletionsStream", Name: "GetChatCompletionsStream", Streaming: true, Model: model, MaxTokens: []string{"MaxTokens"}, MaxTokensArg: 1, Version: "v0.7.2"},
		{Provider: "azure-openai", Pkg: azopenai, Recv: "Client", Method: "GetCompletions", Name: "GetCompletions", Model: model, MaxTokens: []string{"MaxTokens"}, MaxTokensArg: 1, Version: "v0.7.2"},
		{Provider: "azure-openai", Pkg: azopenai, Recv: "Client", Method: "GetCompletionsStream", Name: "GetCompletionsStream", Streaming: true, Model: model, MaxTokens: []string{"MaxTokens"}, MaxTokensArg: 1, Version: "v0.7.2"},
		{Provider: "azure-openai", Pkg: azopenai, Recv: "Client", Method: "GetEmbeddings", Name: "GetEmbeddings", Model: model, Version: "v0.7.2"},
	})
	sinks(
		PromptSink{Pkg: azopenai, Name: "NewChatRequestUserMessageContent"},
		PromptSink{Pkg: azopenai, Name: "NewChatRequestSystemMessageContent"},
	)
}
