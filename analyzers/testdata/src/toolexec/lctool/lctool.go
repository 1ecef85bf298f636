// Package lctool is a langchaingo tool.
package lctool

import (
	"context"
	"os/exec"
	"strings"

	"github.com/tmc/langchaingo/tools"
)

type Shell struct{}

var _ tools.Tool = Shell{}

func (Shell) Name() string        { return "shell" }
func (Shell) Description() string { return "runs a command" }
func (Shell) Call(ctx context.Context, input string) (string, error) { // want Call:"runs 1"
	fields := strings.Fields(input)
	out, err := exec.CommandContext(ctx, fields[0], fields[1:]...).Output() // want `to os/exec.CommandContext with no allowlist check`
	return string(out), err
}
