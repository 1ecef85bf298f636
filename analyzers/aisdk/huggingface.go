package aisdk

// github.com/hupe1980/go-huggingface, read from v0.0.15.

const huggingface = "github.com/hupe1980/go-huggingface"

func tableHuggingface() {
	model := ModelSource{Arg: 1, Field: "Model"}
	var t []*Surface
	for _, m := range []string{"Conversational", "TextGeneration", "Text2TextGeneration", "Summarization", "QuestionAnswering", "FeatureExtraction"} {
		t = append(t, &Surface{Provider: "huggingface", Pkg: huggingface, Recv: "InferenceClient", Method: m, Name: "InferenceClient." + m, Model: model, Version: "v0.0.15"})
	}
	register(t)
}
