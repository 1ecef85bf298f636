package report

import "github.com/tollgate-dev/tollgate/finding"

// AICall is one call to an AI service found in Go code.
type AICall struct {
	Location finding.Location `json:"location"`
	// Provider is the AI vendor or SDK family: "openai", "anthropic"...
	Provider string `json:"provider"`
	// SDK is the Go package path of the client library.
	SDK string `json:"sdk"`
	// Method is the called method, such as "Chat.Completions.New".
	Method string `json:"method"`
	// Model is the model id when constant, else "dynamic".
	Model     string `json:"model"`
	Streaming bool   `json:"streaming"`
	// Function is the enclosing function.
	Function string `json:"function"`
}
