package types

type InferenceConfiguration struct{ MaxTokens *int32 }
