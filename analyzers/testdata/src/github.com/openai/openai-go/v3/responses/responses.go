package responses

import (
	"context"

	"github.com/openai/openai-go/v3/option"
)

type ResponseService struct{}
type ResponseNewParams struct {
	Model           string
	Instructions    string
	MaxOutputTokens int64
}

func (r *ResponseService) New(ctx context.Context, body ResponseNewParams, opts ...option.RequestOption) (any, error) {
	return nil, nil
}
