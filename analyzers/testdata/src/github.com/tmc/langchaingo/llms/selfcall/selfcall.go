// Package selfcall is a package of the SDK itself, below the package of a
// table surface: its calls of that surface are the SDK's plumbing (an LLM's
// Call method built on GenerateFromSinglePrompt), not a use of a model by
// the repository, and are not inventoried.
package selfcall

import (
	"context"

	"github.com/tmc/langchaingo/llms"
)

type LLM struct{ llms.Model }

func (o *LLM) Call(ctx context.Context, prompt string, options ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, o, prompt, options...)
}
