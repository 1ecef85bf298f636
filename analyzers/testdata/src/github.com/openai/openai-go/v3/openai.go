// Package openai is a stub of github.com/openai/openai-go/v3 for tests.
package openai

import (
	"context"

	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/packages/ssestream"
	"github.com/openai/openai-go/v3/responses"
)

type Client struct {
	Chat        ChatService
	Completions CompletionService
	Embeddings  EmbeddingService
	Responses   responses.ResponseService
}

func NewClient(opts ...option.RequestOption) Client { return Client{} }

type ChatService struct{ Completions ChatCompletionService }
type ChatCompletionService struct{}
type CompletionService struct{}
type EmbeddingService struct{}

type ChatModel = string

const (
	ChatModelGPT4o           ChatModel = "gpt-4o"
	ChatModelGPT4o2024_08_06 ChatModel = "gpt-4o-2024-08-06"
	ChatModelChatgpt4oLatest ChatModel = "chatgpt-4o-latest"
	ChatModelGPT4oMini       ChatModel = "gpt-4o-mini"
	ChatModelGPT3_5Turbo     ChatModel = "gpt-3.5-turbo"
)

type Opt[T any] struct{ V T }

func Int(v int64) Opt[int64]      { return Opt[int64]{v} }
func String(s string) Opt[string] { return Opt[string]{s} }

type ChatCompletionMessageParamUnion struct{ text string }

func UserMessage(s string) ChatCompletionMessageParamUnion { return ChatCompletionMessageParamUnion{s} }
func SystemMessage(s string) ChatCompletionMessageParamUnion {
	return ChatCompletionMessageParamUnion{s}
}

type ChatCompletionNewParams struct {
	Model               ChatModel
	Messages            []ChatCompletionMessageParamUnion
	MaxTokens           Opt[int64]
	MaxCompletionTokens Opt[int64]
}
type ChatCompletion struct{ Choices []string }
type ChatCompletionChunk struct{}

func (r *ChatCompletionService) New(ctx context.Context, body ChatCompletionNewParams, opts ...option.RequestOption) (*ChatCompletion, error) {
	return nil, nil
}
func (r *ChatCompletionService) NewStreaming(ctx context.Context, body ChatCompletionNewParams, opts ...option.RequestOption) *ssestream.Stream[ChatCompletionChunk] {
	return nil
}

type EmbeddingNewParams struct{ Model string }

func (r *EmbeddingService) New(ctx context.Context, body EmbeddingNewParams, opts ...option.RequestOption) (any, error) {
	return nil, nil
}

type CompletionNewParams struct {
	Model     string
	Prompt    string
	MaxTokens Opt[int64]
}

func (r *CompletionService) New(ctx context.Context, body CompletionNewParams, opts ...option.RequestOption) (any, error) {
	return nil, nil
}
