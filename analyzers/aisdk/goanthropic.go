package aisdk

// github.com/liushuangls/go-anthropic (v2), an unofficial Anthropic client,
// read from v2.17.2.

const goAnthropic = "github.com/liushuangls/go-anthropic"

func tableGoanthropic() {
	register([]*Surface{
		{Provider: "anthropic", Pkg: goAnthropic, Recv: "Client", Method: "CreateMessages", Name: "CreateMessages", Model: ModelSource{Arg: 1, Field: "Model"}, MaxTokens: []string{"MaxTokens"}, MaxTokensArg: 1, Version: "v2.17.2"},
		{Provider: "anthropic", Pkg: goAnthropic, Recv: "Client", Method: "CreateMessagesStream", Name: "CreateMessagesStream", Streaming: true, Model: ModelSource{Arg: 1, Field: "MessagesRequest.Model"}, MaxTokens: []string{"MessagesRequest.MaxTokens"}, MaxTokensArg: 1, Version: "v2.17.2"},
	})
	sinks(PromptSink{Pkg: goAnthropic, Name: "NewUserTextMessage"}, PromptSink{Pkg: goAnthropic, Name: "NewAssistantTextMessage"})
}
