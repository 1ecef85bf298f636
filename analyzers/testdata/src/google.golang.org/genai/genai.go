// Package genai is a stub of google.golang.org/genai.
package genai

import (
	"context"
	"iter"
)

type Client struct {
	Models *Models
	Chats  *Chats
	Live   *Live
}
type ClientConfig struct{ APIKey string }

func NewClient(ctx context.Context, cc *ClientConfig) (*Client, error) { return nil, nil }

type Models struct{}
type Chats struct{}
type Chat struct{}
type Content struct{}
type Part struct{ Text string }
type GenerateContentConfig struct{ MaxOutputTokens int32 }
type GenerateContentResponse struct{}

func Text(s string) []*Content                             { return nil }
func NewContentFromText(text string, role string) *Content { return nil }

func (m *Models) GenerateContent(ctx context.Context, model string, contents []*Content, config *GenerateContentConfig) (*GenerateContentResponse, error) {
	return nil, nil
}
func (m *Models) GenerateContentStream(ctx context.Context, model string, contents []*Content, config *GenerateContentConfig) iter.Seq2[*GenerateContentResponse, error] {
	return nil
}
func (c *Chats) Create(ctx context.Context, model string, config *GenerateContentConfig, history []*Content) (*Chat, error) {
	return nil, nil
}
func (c *Chat) SendMessage(ctx context.Context, parts ...Part) (*GenerateContentResponse, error) {
	return nil, nil
}

type Live struct{}
type LiveConnectConfig struct{}
type Session struct{}

func (l *Live) Connect(ctx context.Context, model string, config *LiveConnectConfig) (*Session, error) {
	return nil, nil
}
func (s *Session) Close() error { return nil }
