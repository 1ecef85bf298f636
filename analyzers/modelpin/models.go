package modelpin

import (
	"regexp"
	"strconv"
	"strings"
)

// The tables below reflect the providers' model pages as of 2025-11:
// platform.openai.com/docs/deprecations, docs.anthropic.com model
// deprecations, cloud.google.com Vertex AI model versions and lifecycle.

// status is what an id is.
type status int

const (
	pinned status = iota
	floating
	deprecated
	unknown
)

var (
	openaiFamily = regexp.MustCompile(`^(gpt-|chatgpt-|o[1-9](-|$)|text-davinci|code-davinci|davinci|babbage|curie|ada($|-))`)
	openaiDated  = regexp.MustCompile(`-(\d{4}-\d{2}-\d{2}|\d{4})(-preview)?$`)
	// Models OpenAI publishes without snapshots: the bare name is the only id.
	openaiNoSnapshot = regexp.MustCompile(`^(text-embedding-|whisper-|tts-|dall-e-|omni-moderation|text-moderation|gpt-image-|davinci-002|babbage-002)`)
	openaiDeprecated = regexp.MustCompile(`^(gpt-3\.5-turbo-(0301|0613|16k-0613)|gpt-4-(0314|32k.*|vision-preview|1106-vision-preview)|gpt-4\.5-preview.*|o1-preview.*|o1-mini.*|text-davinci-.*|code-davinci-.*|text-(ada|babbage|curie)-001|davinci|curie|babbage|ada|chatgpt-4o-latest)$`)

	anthropicDated      = regexp.MustCompile(`-\d{8}$`)
	anthropicVersioned  = regexp.MustCompile(`^claude-(?:(?:opus|sonnet|haiku)-(\d+)(?:-(\d))?|(\d+)(?:[-.](\d))?-(?:opus|sonnet|haiku))`)
	anthropicDeprecated = regexp.MustCompile(`^claude-(1|2|instant|3-sonnet|3-opus|3-5-sonnet)([-.].*)?$`)

	geminiFamily     = regexp.MustCompile(`^(gemini-|text-bison|chat-bison|code-bison|gemma-)`)
	geminiPinned     = regexp.MustCompile(`-\d{3}$|-preview-\d{2}-\d{2}$|-\d{2}-\d{4}$`)
	geminiDeprecated = regexp.MustCompile(`^(gemini-1\.0-.*|gemini-pro|gemini-pro-vision|gemini-1\.5-.*|text-bison.*|chat-bison.*|code-bison.*)$`)

	bedrockVersioned = regexp.MustCompile(`-v\d+(:\d+)?$`)
)

// classify returns what the model id is for the provider of the call ("" or
// "wrapper" and the framework providers infer it from the id), with the
// provider it was judged as and a reason for messages.
func classify(provider, id string) (status, string, string) {
	id = strings.TrimSpace(id)
	if id == "" {
		return unknown, "", ""
	}
	// "models/gemini-1.5-pro", "googleai/gemini-2.5-flash", "openai/gpt-4o".
	if i := strings.LastIndex(id, "/"); i >= 0 && !strings.Contains(id[:i], ":") {
		id = id[i+1:]
	}
	switch provider {
	case "aws-bedrock":
		if bedrockVersioned.MatchString(id) || strings.HasPrefix(id, "arn:") {
			return pinned, provider, ""
		}
		return floating, provider, "a Bedrock model id without a version suffix"
	case "ollama":
		return ollama(id)
	}
	low := strings.ToLower(id)
	switch {
	case strings.HasPrefix(low, "claude"):
		return anthropic(low)
	case geminiFamily.MatchString(low):
		return gemini(low)
	case openaiFamily.MatchString(low) || openaiNoSnapshot.MatchString(low):
		return openai(low)
	}
	return unknown, "", ""
}

func openai(id string) (status, string, string) {
	switch {
	case openaiDeprecated.MatchString(id):
		return deprecated, "openai", "deprecated or retired by OpenAI"
	case openaiNoSnapshot.MatchString(id):
		return pinned, "openai", ""
	case strings.HasSuffix(id, "-latest"):
		return floating, "openai", "a -latest alias"
	case openaiDated.MatchString(id):
		return pinned, "openai", ""
	}
	return floating, "openai", "an alias without a dated snapshot"
}

func anthropic(id string) (status, string, string) {
	switch {
	case anthropicDeprecated.MatchString(id):
		return deprecated, "anthropic", "deprecated or retired by Anthropic"
	case strings.HasSuffix(id, "-latest"):
		return floating, "anthropic", "a -latest alias"
	case anthropicDated.MatchString(id):
		return pinned, "anthropic", ""
	}
	if m := anthropicVersioned.FindStringSubmatch(id); m != nil {
		major, minor := m[1], m[2]
		if major == "" {
			major, minor = m[3], m[4]
		}
		maj, _ := strconv.Atoi(major)
		mnr, _ := strconv.Atoi(minor)
		// Since Claude 4.6 an id without a date is itself a fixed version.
		if maj > 4 || (maj == 4 && mnr >= 6) {
			return pinned, "anthropic", ""
		}
	}
	return floating, "anthropic", "an alias without a date (before Claude 4.6 undated ids move)"
}

func gemini(id string) (status, string, string) {
	switch {
	case geminiDeprecated.MatchString(id):
		return deprecated, "google", "deprecated or retired by Google"
	case strings.HasSuffix(id, "-latest"):
		return floating, "google", "a -latest alias"
	case strings.HasSuffix(id, "-exp") || strings.Contains(id, "-exp-"):
		return floating, "google", "an experimental model that changes without notice"
	case geminiPinned.MatchString(id):
		return pinned, "google", ""
	case strings.HasPrefix(id, "gemma-"):
		return pinned, "google", ""
	}
	return floating, "google", "an auto-updated alias (pin a -00N version)"
}

func ollama(id string) (status, string, string) {
	name, tag, ok := strings.Cut(id, ":")
	switch {
	case !ok || tag == "":
		return floating, "ollama", "no tag, which means :latest"
	case tag == "latest":
		return floating, "ollama", "the :latest tag"
	case name == "":
		return unknown, "", ""
	}
	return pinned, "ollama", ""
}

// looksLikeModel reports whether a literal is a model id of a known family,
// for literals not traced to a call.
func looksLikeModel(s string) bool {
	if strings.ContainsAny(s, " \t\n") || len(s) > 80 || len(s) < 4 {
		return false
	}
	low := strings.ToLower(s)
	if i := strings.LastIndex(low, "/"); i >= 0 {
		low = low[i+1:]
	}
	return strings.HasPrefix(low, "claude-") || geminiFamily.MatchString(low) ||
		(openaiFamily.MatchString(low) && !strings.HasPrefix(low, "ada") && !strings.HasPrefix(low, "davinci") &&
			!strings.HasPrefix(low, "babbage") && !strings.HasPrefix(low, "curie"))
}
