// Package chatlog is not an AI SDK: a chat log store whose methods share
// names with go-openai's.
package chatlog

import "context"

type Store struct{}

type ChatCompletionRequest struct {
	Model    string
	Messages []string
}

type Receipt struct{ ID string }

// CreateChatCompletion stores a finished chat: its response has no Choices.
func (*Store) CreateChatCompletion(ctx context.Context, req ChatCompletionRequest) (Receipt, error) {
	return Receipt{}, nil
}

// CreateEmbeddings has no request with a model.
func (*Store) CreateEmbeddings(ctx context.Context, ids []string) ([]float32, error) { return nil, nil }
