// Package relay is an agent's own tools: types that describe themselves to
// the model and run what it asks through package sandbox.
package relay

import (
	"context"

	"relay/sandbox"
)

// FunctionDefinition is the schema a tool gives the model.
type FunctionDefinition struct{ Name, Description string }

// BashTool runs shell commands through an executor.
type BashTool struct{ executor sandbox.Executor }

func (t *BashTool) Name() string        { return "bash" }
func (t *BashTool) Description() string { return "runs a command" }
func (t *BashTool) FunctionDefinition() *FunctionDefinition {
	return &FunctionDefinition{Name: "bash"}
}

// Run hands the model's command to the executor, through a helper.
func (t *BashTool) Run(ctx context.Context, args map[string]any) (any, error) { // want Run:"runs 1 through a shell"
	command := args["command"].(string)
	return execute(ctx, t.executor, command) // want `agent tool passes model-controlled input to os/exec.CommandContext through a shell with no allowlist check`
}

func execute(ctx context.Context, e sandbox.Executor, command string) (string, error) { // want execute:"runs 2 through a shell"
	return e.Execute(ctx, command)
}

// GitTool runs git with the model's arguments, no shell.
type GitTool struct{}

func (GitTool) Name() string               { return "git" }
func (GitTool) Description() string        { return "runs git" }
func (GitTool) Parameters() map[string]any { return nil }
func (GitTool) Call(ctx context.Context, sub string) error { // want Call:"runs 1 behind an allowlist"
	switch sub {
	case "status", "log":
		return sandbox.Run(ctx, "git", sub)
	}
	return sandbox.Run(ctx, "git", "status")
}

// VersionTool runs nothing the model chooses.
type VersionTool struct{}

func (VersionTool) Name() string               { return "version" }
func (VersionTool) Description() string        { return "prints the version" }
func (VersionTool) Parameters() map[string]any { return nil }
func (VersionTool) Run(ctx context.Context, verbose bool) error {
	return sandbox.Version(ctx)
}

// Task looks like a tool but tells the model nothing: not a tool.
type Task struct{}

func (Task) Name() string        { return "task" }
func (Task) Description() string { return "a build step" }
func (Task) Run(ctx context.Context, script string) error { // want Run:"runs 1 through a shell"
	var e sandbox.Local
	_, err := e.Execute(ctx, script)
	return err
}
