package aisdk

// google.golang.org/genai, read from v1.36.0.
// cloud.google.com/go/vertexai/genai, read from v0.15.0, and
// github.com/google/generative-ai-go/genai, read from v0.20.1 (same API).

const (
	genaiPkg     = "google.golang.org/genai"
	vertexGenai  = "cloud.google.com/go/vertexai/genai"
	genAIGoGenai = "github.com/google/generative-ai-go/genai"
)

func tableGoogle() {
	arg1 := ModelSource{Arg: 1}
	cfg := []string{"MaxOutputTokens"}
	register([]*Surface{
		{Provider: "google", Pkg: genaiPkg, Recv: "Models", Method: "GenerateContent", Name: "Models.GenerateContent", Model: arg1, MaxTokens: cfg, MaxTokensArg: 3, Version: "v1.36.0"},
		{Provider: "google", Pkg: genaiPkg, Recv: "Models", Method: "GenerateContentStream", Name: "Models.GenerateContentStream", Streaming: true, Model: arg1, MaxTokens: cfg, MaxTokensArg: 3, Version: "v1.36.0"},
		{Provider: "google", Pkg: genaiPkg, Recv: "Models", Method: "EmbedContent", Name: "Models.EmbedContent", Model: arg1, Version: "v1.36.0"},
		{Provider: "google", Pkg: genaiPkg, Recv: "Models", Method: "GenerateImages", Name: "Models.GenerateImages", Model: arg1, Version: "v1.36.0"},
		{Provider: "google", Pkg: genaiPkg, Recv: "Live", Method: "Connect", Name: "Live.Connect", Model: arg1, Version: "v1.36.0"},
		// Chats.Create only sets up a session (no request): its model is
		// read by the session's calls through Factories.
		{Provider: "google", Pkg: genaiPkg, Recv: "Chat", Method: "SendMessage", Name: "Chat.SendMessage", Model: ModelSource{Arg: -1, Factories: []string{"Create"}}, Version: "v1.36.0"},
		{Provider: "google", Pkg: genaiPkg, Recv: "Chat", Method: "SendMessageStream", Name: "Chat.SendMessageStream", Streaming: true, Model: ModelSource{Arg: -1, Factories: []string{"Create"}}, Version: "v1.36.0"},
		{Provider: "google", Pkg: genaiPkg, Recv: "Chat", Method: "Send", Name: "Chat.Send", Model: ModelSource{Arg: -1, Factories: []string{"Create"}}, Version: "v1.36.0"},
		{Provider: "google", Pkg: genaiPkg, Recv: "Chat", Method: "SendStream", Name: "Chat.SendStream", Streaming: true, Model: ModelSource{Arg: -1, Factories: []string{"Create"}}, Version: "v1.36.0"},
	})
	for _, p := range []struct{ pkg, version string }{{vertexGenai, "v0.15.0"}, {genAIGoGenai, "v0.20.1"}} {
		fromModel := ModelSource{Arg: -1, Factories: []string{"GenerativeModel", "EmbeddingModel"}}
		register([]*Surface{
			{Provider: "google", Pkg: p.pkg, Recv: "GenerativeModel", Method: "GenerateContent", Name: "GenerativeModel.GenerateContent", Model: fromModel, Version: p.version},
			{Provider: "google", Pkg: p.pkg, Recv: "GenerativeModel", Method: "GenerateContentStream", Name: "GenerativeModel.GenerateContentStream", Streaming: true, Model: fromModel, Version: p.version},
			{Provider: "google", Pkg: p.pkg, Recv: "ChatSession", Method: "SendMessage", Name: "ChatSession.SendMessage", Model: fromModel, Version: p.version},
			{Provider: "google", Pkg: p.pkg, Recv: "ChatSession", Method: "SendMessageStream", Name: "ChatSession.SendMessageStream", Streaming: true, Model: fromModel, Version: p.version},
			{Provider: "google", Pkg: p.pkg, Recv: "EmbeddingModel", Method: "EmbedContent", Name: "EmbeddingModel.EmbedContent", Model: fromModel, Version: p.version},
			{Provider: "google", Pkg: p.pkg, Recv: "EmbeddingModel", Method: "BatchEmbedContents", Name: "EmbeddingModel.BatchEmbedContents", Model: fromModel, Version: p.version},
		})
		sinks(PromptSink{Pkg: p.pkg, Name: "Text"})
	}
	sinks(
		PromptSink{Pkg: genaiPkg, Name: "Text"},
		PromptSink{Pkg: genaiPkg, Name: "NewContentFromText", Args: []int{0}},
		PromptSink{Pkg: genaiPkg, Name: "NewPartFromText"},
		PromptSink{Pkg: genaiPkg, Name: "Part", Field: "Text"},
	)
}
