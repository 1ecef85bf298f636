// Package generativeaiinference is a stub of
// github.com/oracle/oci-go-sdk/v65/generativeaiinference.
package generativeaiinference

import "context"

type GenerativeAiInferenceClient struct{}

type ChatRequest struct{}
type ChatResponse struct{}
type GenerateTextRequest struct{}
type GenerateTextResponse struct{}
type EmbedTextRequest struct{}
type EmbedTextResponse struct{}
type SummarizeTextRequest struct{}
type SummarizeTextResponse struct{}

func (client GenerativeAiInferenceClient) Chat(ctx context.Context, request ChatRequest) (response ChatResponse, err error) {
	return
}
func (client GenerativeAiInferenceClient) GenerateText(ctx context.Context, request GenerateTextRequest) (response GenerateTextResponse, err error) {
	return
}
func (client GenerativeAiInferenceClient) EmbedText(ctx context.Context, request EmbedTextRequest) (response EmbedTextResponse, err error) {
	return
}
func (client GenerativeAiInferenceClient) SummarizeText(ctx context.Context, request SummarizeTextRequest) (response SummarizeTextResponse, err error) {
	return
}

// SetRegion is not a model call.
func (client *GenerativeAiInferenceClient) SetRegion(region string) {}
