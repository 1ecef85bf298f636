// Package sagemakerruntime is a stub of
// github.com/aws/aws-sdk-go/service/sagemakerruntime (SDK v1).
package sagemakerruntime

import "context"

type SageMakerRuntime struct{}

type InvokeEndpointInput struct {
	EndpointName *string
	Body         []byte
}
type InvokeEndpointOutput struct{}
type InvokeEndpointWithResponseStreamInput = InvokeEndpointInput
type InvokeEndpointWithResponseStreamOutput struct{}

func (c *SageMakerRuntime) InvokeEndpoint(input *InvokeEndpointInput) (*InvokeEndpointOutput, error) {
	return nil, nil
}
func (c *SageMakerRuntime) InvokeEndpointWithContext(ctx context.Context, input *InvokeEndpointInput) (*InvokeEndpointOutput, error) {
	return nil, nil
}
func (c *SageMakerRuntime) InvokeEndpointWithResponseStream(input *InvokeEndpointWithResponseStreamInput) (*InvokeEndpointWithResponseStreamOutput, error) {
	return nil, nil
}
func (c *SageMakerRuntime) InvokeEndpointWithResponseStreamWithContext(ctx context.Context, input *InvokeEndpointWithResponseStreamInput) (*InvokeEndpointWithResponseStreamOutput, error) {
	return nil, nil
}

// InvokeEndpointRequest builds a request without sending it: not a call.
func (c *SageMakerRuntime) InvokeEndpointRequest(input *InvokeEndpointInput) {}
