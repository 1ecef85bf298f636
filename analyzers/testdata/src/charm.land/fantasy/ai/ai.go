// Package ai is a stub of charm.land/fantasy/ai, the package of fantasy's
// early previews; the provider's LanguageModel took no context.
package ai

import "context"

type Call struct{ MaxOutputTokens *int64 }

type Response struct{}

type LanguageModel interface {
	Generate(ctx context.Context, call Call) (*Response, error)
	Stream(ctx context.Context, call Call) (func(yield func(string) bool), error)
	GenerateObject(ctx context.Context, call Call) (*Response, error)
	StreamObject(ctx context.Context, call Call) (func(yield func(any) bool), error)
}

type Provider interface {
	LanguageModel(modelID string) (LanguageModel, error)
}

type Agent interface {
	Generate(ctx context.Context, call Call) (*Response, error)
	Stream(ctx context.Context, call Call) (*Response, error)
}

func NewAgent(model LanguageModel) Agent { return nil }
