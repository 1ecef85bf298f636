package aisdk

// github.com/oracle/oci-go-sdk/v65/generativeaiinference, read from v65.79.0.
// The model is in the request's serving mode (ChatDetails.ServingMode).

const ociGenAI = "github.com/oracle/oci-go-sdk/generativeaiinference"

func tableOci() {
	var t []*Surface
	for _, m := range []string{"Chat", "GenerateText", "EmbedText", "SummarizeText"} {
		t = append(t, &Surface{Provider: "oci-genai", Pkg: ociGenAI, Recv: "GenerativeAiInferenceClient", Method: m, Name: "GenerativeAiInferenceClient." + m, Model: ModelSource{Arg: -1}, Version: "v65.79.0"})
	}
	register(t)
}
