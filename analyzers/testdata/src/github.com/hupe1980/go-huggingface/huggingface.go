// Package huggingface is a stub of github.com/hupe1980/go-huggingface.
package huggingface

import "context"

type InferenceClient struct{}

func NewInferenceClient(token string) *InferenceClient { return &InferenceClient{} }

type ConversationalRequest struct {
	Inputs any
	Model  string
}
type ConversationalResponse struct{}
type TextGenerationRequest struct {
	Inputs string
	Model  string
}
type TextGenerationResponse []struct{ GeneratedText string }
type Text2TextGenerationRequest = TextGenerationRequest
type Text2TextGenerationResponse = TextGenerationResponse
type SummarizationRequest = TextGenerationRequest
type SummarizationResponse = TextGenerationResponse
type QuestionAnsweringRequest = TextGenerationRequest
type QuestionAnsweringResponse struct{}
type FeatureExtractionRequest = TextGenerationRequest
type FeatureExtractionResponse [][]float32

func (ic *InferenceClient) Conversational(ctx context.Context, req *ConversationalRequest) (*ConversationalResponse, error) {
	return nil, nil
}
func (ic *InferenceClient) TextGeneration(ctx context.Context, req *TextGenerationRequest) (TextGenerationResponse, error) {
	return nil, nil
}
func (ic *InferenceClient) Text2TextGeneration(ctx context.Context, req *Text2TextGenerationRequest) (Text2TextGenerationResponse, error) {
	return nil, nil
}
func (ic *InferenceClient) Summarization(ctx context.Context, req *SummarizationRequest) (SummarizationResponse, error) {
	return nil, nil
}
func (ic *InferenceClient) QuestionAnswering(ctx context.Context, req *QuestionAnsweringRequest) (*QuestionAnsweringResponse, error) {
	return nil, nil
}
func (ic *InferenceClient) FeatureExtraction(ctx context.Context, req *FeatureExtractionRequest) (FeatureExtractionResponse, error) {
	return nil, nil
}

// SetModel is not a model call.
func (ic *InferenceClient) SetModel(model string) {}
