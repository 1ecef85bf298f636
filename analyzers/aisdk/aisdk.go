// Package aisdk is the table of AI SDK call surfaces that tollgate's Go
// analyzers resolve calls against: for each SDK, keyed by package path (major
// version suffix removed), receiver type and method, how the model is passed,
// whether the call streams and which provider it reaches. Each entry names the
// SDK version its shape was read from.
package aisdk

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"slices"
	"strings"
	"sync"
)

// Kind says what a surface is.
type Kind int

const (
	// Call is a request to a model: a completion, a chat turn, an embedding.
	Call Kind = iota
	// Tool registers a handler that a model can invoke (MCP, agent tools).
	Tool
)

// ModelSource says where a surface's model id comes from. Several ways may be
// set; the first that yields a value wins.
type ModelSource struct {
	// Arg is the index of the argument that holds the model or the request
	// carrying it; -1 when no argument does.
	Arg int
	// Field names the field of the request struct in argument Arg that holds
	// the model ("Model", "ModelId"); empty when Arg is the model itself.
	Field string
	// Options are functional options, as "importpath.Func" with the major
	// version removed, whose first argument is the model. They are looked for
	// among the call's arguments and the receiver's constructor's arguments.
	Options []string
	// Factories are methods, by name, that create the receiver and take the
	// model as their first argument (vertexai's client.GenerativeModel).
	Factories []string
}

// Surface is one AI SDK entry point.
type Surface struct {
	// Provider is the vendor or SDK family: "openai", "anthropic", "google"...
	Provider string
	// Pkg is the import path with its major version suffix removed.
	Pkg string
	// Recv is the receiver's named type ("ChatCompletionService"); empty for
	// a package-level function.
	Recv string
	// Method is the Go name of the method or function.
	Method string
	// Name is the call as users write it: "Chat.Completions.New".
	Name string
	Kind Kind
	// Streaming is true when the call returns a stream or takes a
	// streaming callback.
	Streaming bool
	// Model says where the model id is.
	Model ModelSource
	// MaxTokens names the request fields ("MaxTokens", or a path such as
	// "Config.MaxOutputTokens") or options that bound the response; empty
	// when the SDK offers no such bound or tollgate does not check it.
	MaxTokens []string
	// MaxTokensArg is the argument holding the request that MaxTokens fields
	// are looked for in.
	MaxTokensArg int
	// HandlerArg, for Tool surfaces, is the index of the handler argument.
	HandlerArg int
	// Version is the SDK version the entry was read from.
	Version string
	// Fork, on a surface found by its API shape (LookupShape), is the
	// "importpath.Type" the call was made on; the rest is the SDK's entry.
	Fork string
}

// Key identifies a callee.
type Key struct{ Pkg, Recv, Method string }

// Key returns the surface's lookup key.
func (s *Surface) Key() Key { return Key{s.Pkg, s.Recv, s.Method} }

var major = lazyre.New(`/v[0-9]+(/|$)`)

// Normalize removes a major version suffix from an import path:
// "github.com/openai/openai-go/v3/responses" -> "github.com/openai/openai-go/responses".
func Normalize(path string) string {
	if !strings.Contains(path, "/v") {
		return path
	}
	return major.ReplaceAllString(path, "$1")
}

var index struct {
	once     sync.Once
	byKey    map[Key]*Surface
	pkgs     map[string]bool // the Pkg of every entry that is not a prefix
	prefixes []*Surface      // entries whose Pkg ends in "/..."
}

func build() {
	index.byKey = make(map[Key]*Surface)
	index.pkgs = make(map[string]bool)
	for _, s := range All() {
		index.pkgs[s.Pkg] = true
		if strings.HasSuffix(s.Pkg, "/...") {
			index.prefixes = append(index.prefixes, s)
			continue
		}
		index.byKey[s.Key()] = s
	}
}

// Lookup finds the surface of a callee by its import path (not yet
// normalized), receiver type name ("" for functions) and name.
func Lookup(pkg, recv, method string) *Surface {
	index.once.Do(build)
	pkg = Normalize(pkg)
	if s, ok := index.byKey[Key{pkg, recv, method}]; ok {
		return s
	}
	for _, s := range index.prefixes {
		base := strings.TrimSuffix(s.Pkg, "/...")
		if strings.HasPrefix(pkg, base+"/") && !strings.Contains(pkg, "/internal") &&
			(s.Recv == "*" && recv != "" || s.Recv == recv) && s.Method == method {
			return s
		}
	}
	return nil
}

// All returns every surface of the table, in a stable order.
func All() []*Surface {
	loadTables()
	var out []*Surface
	for _, t := range tables {
		out = append(out, t...)
	}
	return out
}

// Providers lists the providers the table knows, sorted.
func Providers() []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range All() {
		if !seen[s.Provider] {
			seen[s.Provider] = true
			out = append(out, s.Provider)
		}
	}
	slices.Sort(out)
	return out
}

// tables holds each SDK's entries; each table file's builder appends its
// own. The builders run on first use (loadTables), in file-name order, not
// at start: only the Go analyzers read the table.
var tables [][]*Surface

var loadTables = sync.OnceFunc(func() {
	for _, build := range []func(){
		tableAnthropic,
		tableAzure,
		tableBedrock,
		tableCohere,
		tableFantasy,
		tableGoanthropic,
		tableGoogle,
		tableHuggingface,
		tableMistral,
		tableOci,
		tableOpenai,
		tableOthers,
		tablePerplexity,
		tableSagemaker,
		tableWatsonx,
	} {
		build()
	}
})

func register(t []*Surface) { tables = append(tables, t) }

// PromptSink is a function, conversion or struct field whose text becomes
// part of what a model is sent.
type PromptSink struct {
	// Pkg is the normalized import path, Name the function or type.
	Pkg, Name string
	// Field, when set, makes the sink a struct field of type Name.
	Field string
	// Args are the indexes of the text arguments; nil means all of them.
	Args []int
}

// PromptSinks lists the message constructors of every SDK.
func PromptSinks() []PromptSink {
	loadTables()
	return promptSinks
}

var promptSinks []PromptSink

func sinks(s ...PromptSink) { promptSinks = append(promptSinks, s...) }

// TimeoutOptions are functions and fields that put a request timeout on a
// client, as "importpath.Func" (normalized) or "importpath.Type.Field".
var TimeoutOptions = []string{
	"github.com/openai/openai-go/option.WithRequestTimeout",
	"github.com/anthropics/anthropic-sdk-go/option.WithRequestTimeout",
	"net/http.Client.Timeout",
	"google.golang.org/genai.HTTPOptions.Timeout",
	"github.com/tmc/langchaingo/llms/openai.WithHTTPClient",
}

// TracingOptions are functions that instrument a client or its transport with
// OpenTelemetry (a call to any of them in the package counts).
var TracingOptions = []string{
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp.NewTransport",
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp.NewClient",
	"github.com/openai/openai-go/option.WithMiddleware",
	"github.com/anthropics/anthropic-sdk-go/option.WithMiddleware",
	"github.com/firebase/genkit/go/genkit.Init",
}
