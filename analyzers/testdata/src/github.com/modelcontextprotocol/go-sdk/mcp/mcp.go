// Package mcp is a stub of github.com/modelcontextprotocol/go-sdk/mcp.
package mcp

import "context"

type Server struct{}
type Tool struct{ Name string }
type CallToolRequest struct{}
type CallToolResult struct{}
type ToolHandlerFor[In, Out any] func(ctx context.Context, req *CallToolRequest, in In) (*CallToolResult, Out, error)

func AddTool[In, Out any](s *Server, t *Tool, h ToolHandlerFor[In, Out]) {}
