package aisdk

import "strings"

// Endpoint is a model API reached over plain HTTP.
type Endpoint struct {
	// Provider is the vendor the URL names, or the API family for a path
	// that many vendors serve ("openai-compatible").
	Provider string
	// Path is the API path matched, or the host when only the host is known.
	Path string
}

// modelPaths are the path suffixes of model APIs. Evidence, when set, is a
// word the URL (or the name of a variable it is built from) must contain
// besides the path: the path alone is too common to mean a model API.
var modelPaths = []struct{ suffix, provider, evidence string }{
	{"/chat/completions", "openai-compatible", ""},
	{"/v1/completions", "openai-compatible", ""},
	{"/v1/embeddings", "openai-compatible", ""},
	{"/v1/responses", "openai", "openai"},
	{"/v1/messages", "anthropic", "anthropic"},
	{"/v1/complete", "anthropic", "anthropic"},
	{":generateContent", "google", ""},
	{":streamGenerateContent", "google", ""},
	{":embedContent", "google", ""},
	{":batchEmbedContents", "google", ""},
	{"/api/chat", "ollama", "ollama"},
	{"/api/generate", "ollama", "ollama"},
	{"/api/embed", "ollama", "ollama"},
	{"/api/embeddings", "ollama", "ollama"},
	{"/v1/rerank", "rerank", ""},
	{"/v2/rerank", "rerank", ""},
	{"/v1/chat", "cohere", "cohere"},
	{"/v2/chat", "cohere", "cohere"},
	{"/converse", "aws-bedrock", "bedrock"},
	{"/converse-stream", "aws-bedrock", "bedrock"},
}

// modelHosts are the hosts of model APIs.
var modelHosts = []struct{ host, provider string }{
	{"api.openai.com", "openai"},
	{".openai.azure.com", "azure-openai"},
	{"api.anthropic.com", "anthropic"},
	{"generativelanguage.googleapis.com", "google"},
	{"aiplatform.googleapis.com", "google"},
	{"api.mistral.ai", "mistral"},
	{"api.cohere.com", "cohere"},
	{"api.cohere.ai", "cohere"},
	{"api.perplexity.ai", "perplexity"},
	{"api.groq.com", "groq"},
	{"api.deepseek.com", "deepseek"},
	{"openrouter.ai", "openrouter"},
	{"api.together.xyz", "together"},
	{"api.fireworks.ai", "fireworks"},
	{"api.x.ai", "xai"},
	{"api.voyageai.com", "voyage"},
	{"api.jina.ai", "jina"},
	{"bedrock-runtime.", "aws-bedrock"},
	{"localhost:11434", "ollama"},
	{"127.0.0.1:11434", "ollama"},
}

// Unknown marks the parts of a URL that could not be resolved to a constant;
// MatchEndpoint treats it as any text. Callers put the source of the
// unresolved expression after it ("\x00baseURL"), so a variable's name can
// serve as evidence.
const Unknown = "\x00"

// MatchEndpoint reports whether url, a URL whose unresolved parts are marked
// with Unknown, is a model API: its path ends in a known model API path, or
// its host is a model API's and its path is not known to be another API's
// (models, files, batches).
func MatchEndpoint(url string) (Endpoint, bool) { return MatchEndpointIn(url, "") }

// MatchEndpointIn is MatchEndpoint where the words of where (the name of the
// function building the request, say loadOllamaModel) also count as
// evidence of the provider.
func MatchEndpointIn(url, where string) (Endpoint, bool) {
	low := strings.ToLower(url)
	context := low + Unknown + strings.ToLower(where)
	hostProvider := ""
	for _, h := range modelHosts {
		if strings.Contains(low, h.host) {
			hostProvider = h.provider
			break
		}
	}
	path := low
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	path = strings.TrimRight(path, "/")
	for _, p := range modelPaths {
		if !strings.HasSuffix(path, strings.ToLower(p.suffix)) {
			continue
		}
		if p.evidence != "" && hostProvider == "" && !strings.Contains(context, p.evidence) {
			continue
		}
		prov := p.provider
		if hostProvider != "" {
			prov = hostProvider
		}
		return Endpoint{Provider: prov, Path: p.suffix}, true
	}
	if hostProvider == "" {
		return Endpoint{}, false
	}
	// A known host: a model call unless the path is constant and another API.
	if tail := path[strings.LastIndex(path, "/")+1:]; !strings.Contains(tail, Unknown) {
		return Endpoint{}, false
	}
	return Endpoint{Provider: hostProvider, Path: hostOf(low)}, true
}

func hostOf(url string) string {
	s := url
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/"+Unknown); i >= 0 {
		s = s[:i]
	}
	return s
}
