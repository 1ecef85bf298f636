package aisdk

// github.com/aws/aws-sdk-go-v2/service/bedrockruntime, read from v1.40.0.

const bedrock = "github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

func tableBedrock() {
	model := ModelSource{Arg: 1, Field: "ModelId"}
	register([]*Surface{
		{Provider: "aws-bedrock", Pkg: bedrock, Recv: "Client", Method: "Converse", Name: "Converse", Model: model, MaxTokens: []string{"InferenceConfig.MaxTokens"}, MaxTokensArg: 1, Version: "v1.40.0"},
		{Provider: "aws-bedrock", Pkg: bedrock, Recv: "Client", Method: "ConverseStream", Name: "ConverseStream", Streaming: true, Model: model, MaxTokens: []string{"InferenceConfig.MaxTokens"}, MaxTokensArg: 1, Version: "v1.40.0"},
		{Provider: "aws-bedrock", Pkg: bedrock, Recv: "Client", Method: "InvokeModel", Name: "InvokeModel", Model: model, Version: "v1.40.0"},
		{Provider: "aws-bedrock", Pkg: bedrock, Recv: "Client", Method: "InvokeModelWithResponseStream", Name: "InvokeModelWithResponseStream", Streaming: true, Model: model, Version: "v1.40.0"},
	})
	sinks(PromptSink{Pkg: bedrock + "/types", Name: "ContentBlockMemberText", Field: "Value"})
}
