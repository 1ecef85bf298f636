// Package genai is a stub of cloud.google.com/go/vertexai/genai.
package genai

import "context"

type Client struct{}

func NewClient(ctx context.Context, project, location string) (*Client, error) { return nil, nil }

type Part interface{ part() }
type Text string

func (Text) part() {}

type GenerationConfig struct{ MaxOutputTokens *int32 }
type GenerativeModel struct{ GenerationConfig }

func (c *Client) GenerativeModel(name string) *GenerativeModel { return &GenerativeModel{} }
func (m *GenerativeModel) SetMaxOutputTokens(x int32)          {}

type GenerateContentResponse struct{}
type GenerateContentResponseIterator struct{}

func (it *GenerateContentResponseIterator) Next() (*GenerateContentResponse, error) { return nil, nil }

func (m *GenerativeModel) GenerateContent(ctx context.Context, parts ...Part) (*GenerateContentResponse, error) {
	return nil, nil
}
func (m *GenerativeModel) GenerateContentStream(ctx context.Context, parts ...Part) *GenerateContentResponseIterator {
	return nil
}

type ChatSession struct{}

func (m *GenerativeModel) StartChat() *ChatSession { return nil }
func (cs *ChatSession) SendMessage(ctx context.Context, parts ...Part) (*GenerateContentResponse, error) {
	return nil, nil
}

type EmbeddingModel struct{}
type EmbeddingBatch struct{}
type BatchEmbedContentsResponse struct{}

func (c *Client) EmbeddingModel(name string) *EmbeddingModel { return &EmbeddingModel{} }
func (m *EmbeddingModel) BatchEmbedContents(ctx context.Context, b *EmbeddingBatch) (*BatchEmbedContentsResponse, error) {
	return nil, nil
}
