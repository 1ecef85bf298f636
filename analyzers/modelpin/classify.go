package modelpin

import (
	"strings"

	"github.com/tollgate-dev/tollgate/internal/models"
)

// status is what an id is.
type status int

const (
	pinned status = iota
	floating
	deprecated
	unknown
)

// classify judges a model id with the shared model table (internal/models,
// the one the pipeline rules use): on the platform of the call for Bedrock
// and Ollama, by the id's vendor otherwise. It returns the provider judged
// and the reason for messages.
func classify(provider, id string) (status, string, string) {
	if strings.TrimSpace(id) == "" {
		return unknown, "", ""
	}
	in := models.LookupOn(provider, id)
	switch in.Status {
	case models.Stable:
		return pinned, in.Provider, ""
	case models.Floating, models.Preview:
		return floating, in.Provider, in.Reason
	case models.Deprecated:
		return deprecated, in.Provider, in.Reason
	}
	return unknown, in.Provider, ""
}

// looksLikeModel reports whether a literal is a model id of a vendor the
// table knows, for literals not traced to a call.
func looksLikeModel(s string) bool {
	if strings.ContainsAny(s, " \t\n") || len(s) > 80 || len(s) < 4 {
		return false
	}
	low := strings.ToLower(s)
	if i := strings.LastIndex(low, "/"); i >= 0 {
		low = low[i+1:]
	}
	// Legacy OpenAI base names are common words.
	for _, w := range []string{"ada", "davinci", "babbage", "curie"} {
		if strings.HasPrefix(low, w) {
			return false
		}
	}
	return models.Lookup(low).Provider != ""
}
