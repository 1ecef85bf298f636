package aisdk

// charm.land/fantasy, read from its preview API (LanguageModel and Agent
// interfaces; early previews had the same types in charm.land/fantasy/ai).

const (
	fantasy   = "charm.land/fantasy"
	fantasyAI = "charm.land/fantasy/ai"
)

func tableFantasy() {
	for _, pkg := range []string{fantasy, fantasyAI} {
		// provider.LanguageModel(ctx, "claude-sonnet-4") creates the model.
		model := ModelSource{Arg: -1, Factories: []string{"LanguageModel"}}
		max := []string{"MaxOutputTokens"}
		register([]*Surface{
			{Provider: "fantasy", Pkg: pkg, Recv: "LanguageModel", Method: "Generate", Name: "LanguageModel.Generate", Model: model, MaxTokens: max, MaxTokensArg: 1, Version: "preview"},
			{Provider: "fantasy", Pkg: pkg, Recv: "LanguageModel", Method: "Stream", Name: "LanguageModel.Stream", Streaming: true, Model: model, MaxTokens: max, MaxTokensArg: 1, Version: "preview"},
			{Provider: "fantasy", Pkg: pkg, Recv: "LanguageModel", Method: "GenerateObject", Name: "LanguageModel.GenerateObject", Model: model, Version: "preview"},
			{Provider: "fantasy", Pkg: pkg, Recv: "LanguageModel", Method: "StreamObject", Name: "LanguageModel.StreamObject", Streaming: true, Model: model, Version: "preview"},
			{Provider: "fantasy", Pkg: pkg, Recv: "Agent", Method: "Generate", Name: "Agent.Generate", Model: ModelSource{Arg: -1}, MaxTokens: max, MaxTokensArg: 1, Version: "preview"},
			{Provider: "fantasy", Pkg: pkg, Recv: "Agent", Method: "Stream", Name: "Agent.Stream", Streaming: true, Model: ModelSource{Arg: -1}, MaxTokens: max, MaxTokensArg: 1, Version: "preview"},
		})
		sinks(
			PromptSink{Pkg: pkg, Name: "NewUserMessage", Args: []int{0}},
			PromptSink{Pkg: pkg, Name: "NewSystemMessage", Args: []int{0}},
			PromptSink{Pkg: pkg, Name: "AgentCall", Field: "Prompt"},
		)
	}
}
