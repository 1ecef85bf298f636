// Package seam declares the repository's own interface over an SDK client.
package seam

import (
	"context"

	goopenai "github.com/sashabaranov/go-openai"
)

// Completer is the seam the rest of the code calls.
type Completer interface {
	CreateChatCompletion(ctx context.Context, req goopenai.ChatCompletionRequest) (goopenai.ChatCompletionResponse, error) // want CreateChatCompletion:`ai:github.com/sashabaranov/go-openai.Client.CreateChatCompletion`
}

// New returns the real client behind the seam.
func New() Completer { return goopenai.NewClient("k") }
