package aisdk

// github.com/sgaunet/perplexity-go/v2, read from v2.7.0.

const perplexity = "github.com/sgaunet/perplexity-go"

func tablePerplexity() {
	register([]*Surface{
		{Provider: "perplexity", Pkg: perplexity, Recv: "Client", Method: "SendCompletionRequest", Name: "SendCompletionRequest", Model: ModelSource{Arg: 0, Field: "Model", Options: []string{perplexity + ".WithModel"}}, Version: "v2.7.0"},
		{Provider: "perplexity", Pkg: perplexity, Recv: "Client", Method: "SendCompletionRequestWithContext", Name: "SendCompletionRequestWithContext", Model: ModelSource{Arg: 1, Field: "Model", Options: []string{perplexity + ".WithModel"}}, Version: "v2.7.0"},
		{Provider: "perplexity", Pkg: perplexity, Recv: "Client", Method: "SendHTTPRequest", Name: "SendHTTPRequest", Model: ModelSource{Arg: 0, Field: "Model"}, Version: "v2.7.0"},
	})
}
