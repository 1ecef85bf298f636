// Package anthropic is a stub of github.com/liushuangls/go-anthropic/v2.
package anthropic

import "context"

type Model string

type Client struct{}

type Message struct{}

func NewUserTextMessage(s string) Message      { return Message{} }
func NewAssistantTextMessage(s string) Message { return Message{} }

type MessagesRequest struct {
	Model     Model
	Messages  []Message
	MaxTokens int
}
type MessagesStreamRequest struct {
	MessagesRequest
	OnContentBlockDelta func(any)
}
type MessagesResponse struct{}

func (c *Client) CreateMessages(ctx context.Context, request MessagesRequest) (MessagesResponse, error) {
	return MessagesResponse{}, nil
}
func (c *Client) CreateMessagesStream(ctx context.Context, request MessagesStreamRequest) (MessagesResponse, error) {
	return MessagesResponse{}, nil
}
