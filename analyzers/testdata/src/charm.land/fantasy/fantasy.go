// Package fantasy is a stub of charm.land/fantasy.
package fantasy

import "context"

type Message struct{ Role, Text string }

type Prompt []Message

func NewUserMessage(text string) Message { return Message{Role: "user", Text: text} }

type Call struct {
	Prompt          Prompt
	MaxOutputTokens *int64
}

type Response struct{ Text string }

type StreamResponse func(yield func(string) bool)

type ObjectCall struct{ Prompt Prompt }

type ObjectResponse struct{ Object any }

type ObjectStreamResponse func(yield func(any) bool)

type LanguageModel interface {
	Generate(ctx context.Context, call Call) (*Response, error)
	Stream(ctx context.Context, call Call) (StreamResponse, error)
	GenerateObject(ctx context.Context, call ObjectCall) (*ObjectResponse, error)
	StreamObject(ctx context.Context, call ObjectCall) (ObjectStreamResponse, error)
	Provider() string
	Model() string
}

type Provider interface {
	LanguageModel(ctx context.Context, modelID string) (LanguageModel, error)
}

type AgentCall struct {
	Prompt          string
	MaxOutputTokens *int64
}

type AgentResult struct{ Response Response }

type Agent interface {
	Generate(ctx context.Context, call AgentCall) (*AgentResult, error)
	Stream(ctx context.Context, call AgentCall) (*AgentResult, error)
}

func NewAgent(model LanguageModel) Agent { return nil }
