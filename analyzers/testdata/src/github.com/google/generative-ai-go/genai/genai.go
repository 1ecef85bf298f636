// Package genai is a stub of github.com/google/generative-ai-go/genai (only
// what the tests use).
package genai

import "context"

type Client struct{}
type EmbeddingModel struct{}
type EmbeddingBatch struct{}
type BatchEmbedContentsResponse struct{}

func (c *Client) EmbeddingModel(name string) *EmbeddingModel { return &EmbeddingModel{} }
func (m *EmbeddingModel) BatchEmbedContents(ctx context.Context, b *EmbeddingBatch) (*BatchEmbedContentsResponse, error) {
	return nil, nil
}
