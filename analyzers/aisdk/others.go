package aisdk

// github.com/tmc/langchaingo, read from v0.1.14.
// github.com/ollama/ollama/api, read from v0.12.6.
// github.com/firebase/genkit/go, read from v1.1.0.
// github.com/cloudwego/eino, read from v0.5.9 and v0.9.13.
// github.com/mark3labs/mcp-go, read from v0.41.1.
// github.com/modelcontextprotocol/go-sdk, read from v1.0.0.

const (
	lcLLMs  = "github.com/tmc/langchaingo/llms"
	ollama  = "github.com/ollama/ollama/api"
	genkit  = "github.com/firebase/genkit/go/genkit"
	genkAI  = "github.com/firebase/genkit/go/ai"
	einoMdl = "github.com/cloudwego/eino/components/model"
	einoSch = "github.com/cloudwego/eino/schema"
	mcpGo   = "github.com/mark3labs/mcp-go/server"
	mcpSDK  = "github.com/modelcontextprotocol/go-sdk/mcp"
)

func tableOthers() {
	lcOpts := []string{lcLLMs + ".WithModel", lcLLMs + "/openai.WithModel", lcLLMs + "/anthropic.WithModel",
		lcLLMs + "/ollama.WithModel", lcLLMs + "/googleai.WithDefaultModel", lcLLMs + "/bedrock.WithModel",
		lcLLMs + "/mistral.WithModel", lcLLMs + "/huggingface.WithModel"}
	lcMax := []string{lcLLMs + ".WithMaxTokens"}
	lcModel := ModelSource{Arg: -1, Options: lcOpts}
	register([]*Surface{
		{Provider: "langchaingo", Pkg: lcLLMs, Recv: "Model", Method: "GenerateContent", Name: "llms.Model.GenerateContent", Model: lcModel, MaxTokens: lcMax, Version: "v0.1.14"},
		{Provider: "langchaingo", Pkg: lcLLMs, Recv: "Model", Method: "Call", Name: "llms.Model.Call", Model: lcModel, MaxTokens: lcMax, Version: "v0.1.14"},
		{Provider: "langchaingo", Pkg: lcLLMs, Method: "GenerateFromSinglePrompt", Name: "llms.GenerateFromSinglePrompt", Model: ModelSource{Arg: -1, Options: lcOpts}, MaxTokens: lcMax, Version: "v0.1.14"},
		// The concrete clients under llms/ (openai.LLM, anthropic.LLM...).
		{Provider: "langchaingo", Pkg: lcLLMs + "/...", Recv: "*", Method: "GenerateContent", Name: "GenerateContent", Model: lcModel, MaxTokens: lcMax, Version: "v0.1.14"},
		{Provider: "langchaingo", Pkg: lcLLMs + "/...", Recv: "*", Method: "Call", Name: "Call", Model: lcModel, MaxTokens: lcMax, Version: "v0.1.14"},
		{Provider: "langchaingo", Pkg: lcLLMs + "/...", Recv: "*", Method: "CreateEmbedding", Name: "CreateEmbedding", Model: lcModel, Version: "v0.1.14"},
		{Provider: "langchaingo", Pkg: "github.com/tmc/langchaingo/chains", Method: "Run", Name: "chains.Run", Model: ModelSource{Arg: -1}, Version: "v0.1.14"},
		{Provider: "langchaingo", Pkg: "github.com/tmc/langchaingo/chains", Method: "Call", Name: "chains.Call", Model: ModelSource{Arg: -1}, Version: "v0.1.14"},
		{Provider: "langchaingo", Pkg: "github.com/tmc/langchaingo/chains", Method: "Predict", Name: "chains.Predict", Model: ModelSource{Arg: -1}, Version: "v0.1.14"},

		{Provider: "ollama", Pkg: ollama, Recv: "Client", Method: "Chat", Name: "Chat", Streaming: true, Model: ModelSource{Arg: 1, Field: "Model"}, Version: "v0.12.6"},
		{Provider: "ollama", Pkg: ollama, Recv: "Client", Method: "Generate", Name: "Generate", Streaming: true, Model: ModelSource{Arg: 1, Field: "Model"}, Version: "v0.12.6"},
		{Provider: "ollama", Pkg: ollama, Recv: "Client", Method: "Embed", Name: "Embed", Model: ModelSource{Arg: 1, Field: "Model"}, Version: "v0.12.6"},
		{Provider: "ollama", Pkg: ollama, Recv: "Client", Method: "Embeddings", Name: "Embeddings", Model: ModelSource{Arg: 1, Field: "Model"}, Version: "v0.12.6"},

		{Provider: "genkit", Pkg: genkit, Method: "Generate", Name: "genkit.Generate", Model: ModelSource{Arg: -1, Options: []string{genkAI + ".WithModelName"}}, MaxTokens: []string{genkAI + ".WithConfig"}, Version: "v1.1.0"},
		{Provider: "genkit", Pkg: genkit, Method: "GenerateText", Name: "genkit.GenerateText", Model: ModelSource{Arg: -1, Options: []string{genkAI + ".WithModelName"}}, MaxTokens: []string{genkAI + ".WithConfig"}, Version: "v1.1.0"},
		{Provider: "genkit", Pkg: genkit, Method: "GenerateData", Name: "genkit.GenerateData", Model: ModelSource{Arg: -1, Options: []string{genkAI + ".WithModelName"}}, MaxTokens: []string{genkAI + ".WithConfig"}, Version: "v1.1.0"},

		{Provider: "eino", Pkg: einoMdl, Recv: "BaseChatModel", Method: "Generate", Name: "BaseChatModel.Generate", Model: ModelSource{Arg: -1}, Version: "v0.5.9"},
		{Provider: "eino", Pkg: einoMdl, Recv: "BaseChatModel", Method: "Stream", Name: "BaseChatModel.Stream", Streaming: true, Model: ModelSource{Arg: -1}, Version: "v0.5.9"},
		// v0.9 made BaseChatModel an alias of BaseModel[*schema.Message]
		// (and AgenticModel of BaseModel[*schema.AgenticMessage]).
		{Provider: "eino", Pkg: einoMdl, Recv: "BaseModel", Method: "Generate", Name: "BaseModel.Generate", Model: ModelSource{Arg: -1}, Version: "v0.9.13"},
		{Provider: "eino", Pkg: einoMdl, Recv: "BaseModel", Method: "Stream", Name: "BaseModel.Stream", Streaming: true, Model: ModelSource{Arg: -1}, Version: "v0.9.13"},

		// The chat model implementations of eino-ext (openai, ark, claude,
		// ollama, gemini...): components/model/<provider>.ChatModel.
		{Provider: "eino", Pkg: "github.com/cloudwego/eino-ext/components/model/...", Recv: "ChatModel", Method: "Generate", Name: "ChatModel.Generate", Model: ModelSource{Arg: -1}, Version: "v0.1.x"},
		{Provider: "eino", Pkg: "github.com/cloudwego/eino-ext/components/model/...", Recv: "ChatModel", Method: "Stream", Name: "ChatModel.Stream", Streaming: true, Model: ModelSource{Arg: -1}, Version: "v0.1.x"},

		// Tool handlers: the handler argument's non-context parameters are
		// chosen by the model.
		{Provider: "mcp", Pkg: mcpGo, Recv: "MCPServer", Method: "AddTool", Name: "MCPServer.AddTool", Kind: Tool, HandlerArg: 1, Version: "v0.41.1"},
		{Provider: "mcp", Pkg: mcpSDK, Method: "AddTool", Name: "mcp.AddTool", Kind: Tool, HandlerArg: 2, Version: "v1.0.0"},
		{Provider: "mcp", Pkg: mcpSDK, Recv: "Server", Method: "AddTool", Name: "Server.AddTool", Kind: Tool, HandlerArg: 1, Version: "v1.0.0"},
		{Provider: "genkit", Pkg: genkit, Method: "DefineTool", Name: "genkit.DefineTool", Kind: Tool, HandlerArg: 3, Version: "v1.1.0"},
		{Provider: "eino", Pkg: "github.com/cloudwego/eino/components/tool/utils", Method: "InferTool", Name: "utils.InferTool", Kind: Tool, HandlerArg: 2, Version: "v0.5.9"},
		{Provider: "eino", Pkg: "github.com/cloudwego/eino/components/tool/utils", Method: "NewTool", Name: "utils.NewTool", Kind: Tool, HandlerArg: 1, Version: "v0.5.9"},
	})
	sinks(
		PromptSink{Pkg: lcLLMs, Name: "TextContent", Field: "Text"},
		PromptSink{Pkg: lcLLMs, Name: "TextParts", Args: []int{1}},
		PromptSink{Pkg: lcLLMs, Name: "GenerateFromSinglePrompt", Args: []int{2}},
		PromptSink{Pkg: "github.com/tmc/langchaingo/prompts", Name: "NewPromptTemplate", Args: []int{0}},
		PromptSink{Pkg: ollama, Name: "Message", Field: "Content"},
		PromptSink{Pkg: ollama, Name: "GenerateRequest", Field: "Prompt"},
		PromptSink{Pkg: genkAI, Name: "WithPrompt", Args: []int{0}},
		PromptSink{Pkg: genkAI, Name: "WithSystem", Args: []int{0}},
		PromptSink{Pkg: einoSch, Name: "UserMessage", Args: []int{0}},
		PromptSink{Pkg: einoSch, Name: "SystemMessage", Args: []int{0}},
	)
}

// ToolInterfaces are interfaces whose implementations are agent tools; the
// named method's string parameters are chosen by the model.
var ToolInterfaces = []struct{ Pkg, Iface, Method string }{
	{"github.com/tmc/langchaingo/tools", "Tool", "Call"},
	{"github.com/cloudwego/eino/components/tool", "InvokableTool", "InvokableRun"},
}

// TracesByDefault lists SDKs that create OpenTelemetry spans on their own from
// the given version on, unless the named option turns it off.
var TracesByDefault = []struct{ Module, Since, Off string }{
	{"github.com/anthropics/anthropic-sdk-go", "v1.81.0", "github.com/anthropics/anthropic-sdk-go/option.WithoutOpenTelemetry"},
}
