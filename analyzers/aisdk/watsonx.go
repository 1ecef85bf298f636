package aisdk

// github.com/IBM/watsonx-go/pkg/models, read from v1.0.1.

const watsonx = "github.com/IBM/watsonx-go/pkg/models"

func tableWatsonx() {
	register([]*Surface{
		{Provider: "ibm-watsonx", Pkg: watsonx, Recv: "Client", Method: "GenerateText", Name: "GenerateText", Model: ModelSource{Arg: 0}, Version: "v1.0.1"},
	})
}
