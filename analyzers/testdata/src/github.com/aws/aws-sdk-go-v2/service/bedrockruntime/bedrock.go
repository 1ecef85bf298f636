// Package bedrockruntime is a stub of the AWS Bedrock runtime client.
package bedrockruntime

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime/types"
)

type Client struct{}
type Options struct{}

func New(o Options) *Client { return &Client{} }

type ConverseInput struct {
	ModelId         *string
	InferenceConfig *types.InferenceConfiguration
}
type ConverseOutput struct{}
type InvokeModelInput struct {
	ModelId *string
	Body    []byte
}
type InvokeModelOutput struct{}

func (c *Client) Converse(ctx context.Context, in *ConverseInput, optFns ...func(*Options)) (*ConverseOutput, error) {
	return nil, nil
}
func (c *Client) InvokeModel(ctx context.Context, in *InvokeModelInput, optFns ...func(*Options)) (*InvokeModelOutput, error) {
	return nil, nil
}

type ConverseStreamInput struct {
	ModelId         *string
	InferenceConfig *types.InferenceConfiguration
}
type ConverseStreamOutput struct{}
type InvokeModelWithResponseStreamInput struct {
	ModelId *string
	Body    []byte
}
type InvokeModelWithResponseStreamOutput struct{}

func (c *Client) ConverseStream(ctx context.Context, in *ConverseStreamInput, optFns ...func(*Options)) (*ConverseStreamOutput, error) {
	return nil, nil
}
func (c *Client) InvokeModelWithResponseStream(ctx context.Context, in *InvokeModelWithResponseStreamInput, optFns ...func(*Options)) (*InvokeModelWithResponseStreamOutput, error) {
	return nil, nil
}
