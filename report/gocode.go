package report

import "github.com/tollgate-dev/tollgate/finding"

// AICall is one call to an AI service found in Go code.
type AICall struct {
	Location finding.Location `json:"location"`
	// Provider is the AI vendor or SDK family: "openai", "anthropic"...
	// "wrapper" marks a call of one of the repository's own entry points
	// named in the policy.
	Provider string `json:"provider"`
	// SDK is the Go package path of the client library, major version removed.
	SDK string `json:"sdk"`
	// Method is the called method, such as "Chat.Completions.New".
	Method string `json:"method"`
	// Model is the model id when constant, else "dynamic".
	Model     string `json:"model"`
	Streaming bool   `json:"streaming"`
	// Function is the enclosing function.
	Function string `json:"function"`
	// Via says how the call was recognised: "sdk" (a call of the SDK
	// itself), "interface" (through the repository's own interface that an
	// SDK client is converted into) or "wrapper" (a policy wrapper).
	Via string `json:"via,omitempty"`
}
