package toolexec

import (
	"context"
	"encoding/json"
	"os/exec"
	"slices"
	"strings"

	"github.com/mark3labs/mcp-go/mcp"
	"github.com/mark3labs/mcp-go/server"
	sdk "github.com/modelcontextprotocol/go-sdk/mcp"
)

var banned = []string{"curl", "wget"}

func register(s *server.MCPServer) {
	s.AddTool(mcp.NewTool("shell"), func(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		cmd, err := req.RequireString("command")
		if err != nil {
			return nil, err
		}
		out, _ := exec.CommandContext(ctx, "bash", "-c", cmd).Output() // want `agent tool passes model-controlled input to os/exec.CommandContext through a shell with no allowlist check`
		return mcp.NewToolResultText(string(out)), nil
	})
	s.AddTool(mcp.NewTool("denied"), denied)
	s.AddTool(mcp.NewTool("allowed"), allowed)
	s.AddTool(mcp.NewTool("switched"), switched)
	s.AddTool(mcp.NewTool("constant"), constant)
	s.AddTool(mcp.NewTool("helper"), viaHelper)
}

func denied(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) { // want denied:"runs 1 through a shell behind a denylist"
	command := req.GetString("command", "")
	for _, b := range banned {
		if strings.HasPrefix(command, b) {
			return nil, nil
		}
	}
	exec.Command("sh", "-c", command).Run() // want `to os/exec.Command through a shell guarded only by a denylist`
	return nil, nil
}

var allowedCmds = map[string]bool{"ls": true, "git": true}

func allowed(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) { // want allowed:"runs 1 behind an allowlist"
	name := req.GetString("name", "")
	if !allowedCmds[name] {
		return nil, nil
	}
	exec.CommandContext(ctx, name).Run()
	return nil, nil
}

func switched(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) { // want switched:"runs 1 behind an allowlist"
	switch name := req.GetString("name", ""); name {
	case "status", "log":
		exec.Command("git", name).Run()
	}
	return nil, nil
}

func constant(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	exec.Command("date").Run()
	return nil, nil
}

func viaHelper(ctx context.Context, req mcp.CallToolRequest) (*mcp.CallToolResult, error) { // want viaHelper:"runs 1 through a shell"
	var args struct{ Script string }
	b, _ := json.Marshal(req.GetArguments())
	json.Unmarshal(b, &args)
	run(ctx, args.Script) // want `to os/exec.CommandContext through a shell with no allowlist check`
	return nil, nil
}

func run(ctx context.Context, script string) { // want run:"runs 1 through a shell"
	exec.CommandContext(ctx, "/bin/sh", "-c", script).Run()
}

// Not a tool: input from elsewhere is another analyzer's business.
func notATool(s string) { exec.Command("sh", "-c", s).Run() } // want notATool:"runs 0 through a shell"

type In struct{ Pkg string }
type Out struct{}

func registerSDK(s *sdk.Server) {
	sdk.AddTool(s, &sdk.Tool{Name: "install"}, func(ctx context.Context, req *sdk.CallToolRequest, in In) (*sdk.CallToolResult, Out, error) {
		exec.CommandContext(ctx, "go", "install", in.Pkg).Run() // want `to os/exec.CommandContext with no allowlist check`
		return nil, Out{}, nil
	})
	sdk.AddTool(s, &sdk.Tool{Name: "install2"}, func(ctx context.Context, req *sdk.CallToolRequest, in In) (*sdk.CallToolResult, Out, error) {
		if !slices.Contains([]string{"golang.org/x/tools/gopls@latest"}, in.Pkg) {
			return nil, Out{}, nil
		}
		exec.CommandContext(ctx, "go", "install", in.Pkg).Run()
		return nil, Out{}, nil
	})
}
