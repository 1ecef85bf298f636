// Package sandbox runs commands for an agent's tools: an interface with a
// local implementation that runs them through a shell.
package sandbox

import (
	"context"
	"os/exec"
)

// Executor runs a command line.
type Executor interface {
	Execute(ctx context.Context, command string) (string, error) // want Execute:"runs 1 through a shell"
}

// Local runs commands on this machine.
type Local struct{}

func bashPath() string { return "/bin/bash" }

// Execute runs the command with bash -c.
func (l *Local) Execute(ctx context.Context, command string) (string, error) { // want Execute:"runs 1 through a shell"
	out, err := exec.CommandContext(ctx, bashPath(), "-c", command).Output()
	return string(out), err
}

// Run runs a program with arguments, no shell.
func Run(ctx context.Context, name string, args ...string) error { // want Run:"runs 1, 2"
	return exec.CommandContext(ctx, name, args...).Run()
}

// Version runs a fixed command.
func Version(ctx context.Context) error { return exec.CommandContext(ctx, "git", "version").Run() }
