// Package azopenai is a stub of github.com/Azure/azure-sdk-for-go/sdk/ai/azopenai.
package azopenai

import "context"

type Client struct{}

type ChatRequestMessageClassification interface{ chatRequestMessage() }

type ChatRequestUserMessageContent struct{}

func NewChatRequestUserMessageContent(s string) *ChatRequestUserMessageContent   { return nil }
func NewChatRequestSystemMessageContent(s string) *ChatRequestUserMessageContent { return nil }

type ChatCompletionsOptions struct {
	DeploymentName *string
	Messages       []ChatRequestMessageClassification
	MaxTokens      *int32
}
type GetChatCompletionsOptions struct{}
type GetChatCompletionsResponse struct{}
type GetChatCompletionsStreamResponse struct{ ChatCompletionsStream *EventReader }
type EventReader struct{}

func (r *EventReader) Read() (any, error) { return nil, nil }
func (r *EventReader) Close() error       { return nil }

type CompletionsOptions struct {
	DeploymentName *string
	Prompt         []string
	MaxTokens      *int32
}
type EmbeddingsOptions struct {
	DeploymentName *string
	Input          []string
}

func (c *Client) GetChatCompletions(ctx context.Context, body ChatCompletionsOptions, options *GetChatCompletionsOptions) (GetChatCompletionsResponse, error) {
	return GetChatCompletionsResponse{}, nil
}
func (c *Client) GetChatCompletionsStream(ctx context.Context, body ChatCompletionsOptions, options *GetChatCompletionsOptions) (GetChatCompletionsStreamResponse, error) {
	return GetChatCompletionsStreamResponse{}, nil
}
func (c *Client) GetCompletions(ctx context.Context, body CompletionsOptions, options any) (any, error) {
	return nil, nil
}
func (c *Client) GetCompletionsStream(ctx context.Context, body CompletionsOptions, options any) (any, error) {
	return nil, nil
}
func (c *Client) GetEmbeddings(ctx context.Context, body EmbeddingsOptions, options any) (any, error) {
	return nil, nil
}
