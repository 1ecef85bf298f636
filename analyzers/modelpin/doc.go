// Package modelpin defines an analyzer that reports AI model ids that float
// or are deprecated.
//
// # Analyzer modelpin
//
// modelpin: report floating and deprecated AI model ids
//
// A model id such as "gpt-4o", "claude-3-5-sonnet-latest" or "gemini-2.0-flash"
// is an alias that the provider moves to a newer snapshot without notice, so
// the same code starts behaving differently on a day nobody chose. The
// analyzer reads the model of every AI call of the inventory (constants traced
// through variables and struct fields) and model-id literals given to
// variables, constants, struct fields and flags named after a model, and
// classifies each against per-provider tables: OpenAI dated snapshots versus
// bare aliases and "-latest"; Anthropic "-latest" and pre-4.6 undated names
// (aliases) versus dated ids and 4.6-and-later ids (pinned); Gemini
// auto-updated aliases and "-latest" versus "-00N" versions; Ollama names
// without a tag (which mean ":latest"); Bedrock ids carry a version and pass.
// Ids a provider has deprecated or retired are reported separately.
package modelpin
