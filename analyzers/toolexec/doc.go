// Package toolexec defines an analyzer that reports agent tools through which
// a model can run programs.
//
// # Analyzer toolexec
//
// toolexec: report model-controlled input reaching os/exec in agent tools
//
// A tool handler registered with an MCP server (mark3labs/mcp-go,
// modelcontextprotocol/go-sdk), Genkit or Eino, or a type implementing a
// langchaingo or Eino tool interface, receives arguments the model chose —
// and the model's input can be steered by anyone who controls text it reads
// (prompt injection). The analyzer follows those arguments through
// assignments, calls and the package's own helper functions to os/exec
// (Command, CommandContext), syscall.Exec and os.StartProcess. It reports a
// flow with no guard, and separately a flow guarded only by a denylist
// (strings.Contains / HasPrefix checks against constants, which a model can
// route around); a flow checked against a constant allowlist (a switch with
// constant cases, slices.Contains or a map lookup of constants, an equality
// test) before the call passes.
package toolexec
