package server

import (
	"context"

	"github.com/mark3labs/mcp-go/mcp"
)

type MCPServer struct{}
type ToolHandlerFunc func(ctx context.Context, request mcp.CallToolRequest) (*mcp.CallToolResult, error)

func NewMCPServer(name, version string) *MCPServer                  { return &MCPServer{} }
func (s *MCPServer) AddTool(tool mcp.Tool, handler ToolHandlerFunc) {}
