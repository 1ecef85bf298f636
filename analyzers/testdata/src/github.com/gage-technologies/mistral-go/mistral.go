// Package mistral is a stub of github.com/gage-technologies/mistral-go.
package mistral

type MistralClient struct{}

func NewMistralClientDefault(key string) *MistralClient { return &MistralClient{} }

type ChatMessage struct{ Role, Content string }

type ChatRequestParams struct {
	Temperature float64
	MaxTokens   int
}

type ChatCompletionResponse struct{}

type ChatCompletionStreamResponse struct{}

type EmbeddingResponse struct{}

func (c *MistralClient) Chat(model string, messages []ChatMessage, params *ChatRequestParams) (*ChatCompletionResponse, error) {
	return nil, nil
}

func (c *MistralClient) ChatStream(model string, messages []ChatMessage, params *ChatRequestParams) (<-chan ChatCompletionStreamResponse, error) {
	return nil, nil
}

func (c *MistralClient) Embeddings(model string, input []string) (*EmbeddingResponse, error) {
	return nil, nil
}

// ListModels is not a model call.
func (c *MistralClient) ListModels() ([]string, error) { return nil, nil }
