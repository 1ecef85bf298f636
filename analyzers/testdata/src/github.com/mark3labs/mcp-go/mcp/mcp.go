// Package mcp is a stub of github.com/mark3labs/mcp-go/mcp.
package mcp

type Tool struct{ Name string }

func NewTool(name string) Tool { return Tool{Name: name} }

type CallToolRequest struct {
	Params struct {
		Name      string
		Arguments any
	}
}

func (r CallToolRequest) GetArguments() map[string]any             { return nil }
func (r CallToolRequest) GetString(key, def string) string         { return def }
func (r CallToolRequest) RequireString(key string) (string, error) { return "", nil }

type CallToolResult struct{}

func NewToolResultText(s string) *CallToolResult { return nil }
