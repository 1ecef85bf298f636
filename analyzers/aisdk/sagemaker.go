package aisdk

// github.com/aws/aws-sdk-go/service/sagemakerruntime, read from v1.55.7: a
// model deployed behind a SageMaker endpoint (the endpoint, not a model id,
// is named in the request).

const sagemakerV1 = "github.com/aws/aws-sdk-go/service/sagemakerruntime"

func tableSagemaker() {
	register([]*Surface{
		{Provider: "aws-sagemaker", Pkg: sagemakerV1, Recv: "SageMakerRuntime", Method: "InvokeEndpoint", Name: "InvokeEndpoint", Model: ModelSource{Arg: -1}, Version: "v1.55.7"},
		{Provider: "aws-sagemaker", Pkg: sagemakerV1, Recv: "SageMakerRuntime", Method: "InvokeEndpointWithContext", Name: "InvokeEndpointWithContext", Model: ModelSource{Arg: -1}, Version: "v1.55.7"},
		{Provider: "aws-sagemaker", Pkg: sagemakerV1, Recv: "SageMakerRuntime", Method: "InvokeEndpointWithResponseStream", Name: "InvokeEndpointWithResponseStream", Streaming: true, Model: ModelSource{Arg: -1}, Version: "v1.55.7"},
		{Provider: "aws-sagemaker", Pkg: sagemakerV1, Recv: "SageMakerRuntime", Method: "InvokeEndpointWithResponseStreamWithContext", Name: "InvokeEndpointWithResponseStreamWithContext", Streaming: true, Model: ModelSource{Arg: -1}, Version: "v1.55.7"},
	})
}
