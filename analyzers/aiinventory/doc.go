// Package aiinventory defines an analyzer that finds every call to an AI
// service in a package.
//
// # Analyzer aiinventory
//
// aiinventory: inventory of AI SDK calls
//
// The analyzer resolves calls by type against tollgate's table of AI SDK call
// surfaces (package aisdk): OpenAI, Anthropic, Google GenAI and Vertex AI, AWS
// Bedrock, langchaingo, Ollama, Genkit, Eino. For each call it records the
// SDK, the method, whether it streams, the model id when it is a constant
// (traced through variables and struct fields) or "dynamic", and the
// enclosing function. It also finds calls of the repository's own wrappers
// named in the policy, and calls through the repository's own interfaces that
// an SDK client is converted into: such an interface method carries an object
// fact, so calls through it in other packages are found too.
//
// It also records tool handlers (MCP, Genkit, Eino, langchaingo tools) whose
// parameters a model chooses. It reports no diagnostics: its result feeds the
// other analyzers and the report's inventory.
package aiinventory
