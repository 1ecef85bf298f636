// Package inlineprompt defines an analyzer that reports prompts written
// inline in Go code.
//
// # Analyzer inlineprompt
//
// inlineprompt: report large, multi-line or assembled prompt literals
//
// A prompt is a product artefact: it is reviewed, versioned, evaluated and
// changed more often than the code around it. Written inline it hides in
// diffs, cannot be evaluated on its own, and when assembled with
// fmt.Sprintf or concatenation it mixes instructions with data — the shape
// prompt injection needs. The analyzer looks at the text given to the
// SDKs' message constructors (openai.UserMessage, anthropic.NewTextBlock,
// genai.Text, llms.TextParts, schema.UserMessage, the Content and Prompt
// fields of request structs...) and reports a constant longer than 200
// bytes or spanning lines, and a fmt.Sprintf template or a concatenation
// with such a literal part (at least 30 bytes of text). Text from a
// //go:embed variable, a file or a template passes.
package inlineprompt
