package inlineprompt

import (
	_ "embed"
	"fmt"

	vertex "cloud.google.com/go/vertexai/genai"
	"github.com/anthropics/anthropic-sdk-go"
	"github.com/ollama/ollama/api"
	"github.com/openai/openai-go/v3"
	goopenai "github.com/sashabaranov/go-openai"
	"github.com/tmc/langchaingo/llms"
	"google.golang.org/genai"
)

//go:embed prompt.txt
var embedded string

const system = `You are a careful assistant.
Answer in one paragraph.`

const long = "Summarize the following Kubernetes error for an operator who is on call, keep it short, mention the likely cause, the object involved, the namespace, and one command that would show more detail; never invent resource names that are not in the input."

func prompts(doc, user string) {
	_ = openai.SystemMessage(system)                                                         // want `multi-line prompt written inline reaches openai.SystemMessage`
	_ = openai.UserMessage(long)                                                             // want `249-byte prompt written inline reaches openai.UserMessage`
	_ = openai.UserMessage(fmt.Sprintf("Summarize this document for an executive: %s", doc)) // want `prompt assembled with fmt.Sprintf from an inline template reaches openai.UserMessage`
	_ = anthropic.NewTextBlock("Translate the following text to French: " + user)            // want `prompt assembled by string concatenation reaches anthropic.NewTextBlock`
	_ = goopenai.ChatCompletionMessage{Role: "system", Content: system}                      // want `reaches openai.ChatCompletionMessage.Content`
	_ = genai.Text(long)                                                                     // want `reaches genai.Text`
	_ = vertex.Text(system)                                                                  // want `reaches genai.Text`
	_ = llms.TextParts("human", long)                                                        // want `reaches llms.TextParts`
	_ = api.Message{Role: "user", Content: system}                                           // want `reaches api.Message.Content`
	p := fmt.Sprintf("You are an SRE. Explain this alert in plain words: %s", doc)
	_ = openai.UserMessage(p) // want `fmt.Sprintf`

	// Not reported.
	_ = openai.SystemMessage(embedded)
	_ = openai.UserMessage("Summarize:")
	_ = openai.UserMessage(user)
	_ = openai.UserMessage(fmt.Sprintf("%s\n\n%s", doc, user))
	_ = anthropic.NewTextBlock(doc + user)
	_ = llms.TextParts("system", "Be brief.")

	// Tool results formatted for the model are not prompts.
	var err error
	out, name := doc, user
	_ = openai.UserMessage(fmt.Sprintf("Tool %s returned the following result: %s", name, out))
	_ = goopenai.ChatCompletionMessage{Role: "tool", Content: fmt.Sprintf("The command finished and printed this output: %s", out)}
	_ = api.Message{Role: "tool", Content: fmt.Sprintf("The command finished and printed this output: %s", out)}
	_ = genai.Text(fmt.Sprintf("The command %s failed and reported an error: %v", name, err))
	_ = openai.UserMessage(fmt.Sprintf("Summarize this command output for the on-call engineer: %s", out)) // want `fmt.Sprintf`
}
