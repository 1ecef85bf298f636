package pipeline

import (
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

// Two kinds of shell-tool entry judgeTool's word lists do not fit:
//
//   - a wildcard in the command position (`Bash(.venv/bin/*:*)`,
//     `Bash(./scripts/*)`): it allows every program the glob matches, an
//     interpreter among them;
//   - file commands with no subcommands that run no other program (`rm`,
//     `chmod`, `cp`, `mv`): with any arguments they are destructive, not a
//     way to run code, so they are not "every subcommand" of a wide tool.
//     `cp`/`mv`/`ln`/`install` can overwrite a script or git hook that a
//     later step runs (medium); `rm`/`chmod`/`chown`/`touch`/`mkdir`
//     only delete or change files on the runner (low).
//
// (`rg` runs any program through `--pre`, `fd` through `--exec`, `tar`
// through `--to-command`/`--checkpoint-action=exec`: they are in
// execCommands.)

// overwriteCommands can replace a file another step or tool runs.
var overwriteCommands = map[string]bool{"cp": true, "mv": true, "ln": true, "install": true, "rsync": true}

// fileOnlyCommands only delete or change files.
var fileOnlyCommands = map[string]bool{"rm": true, "rmdir": true, "chmod": true, "chown": true, "touch": true, "mkdir": true, "truncate": true, "shred": true}

// judgeToolCommand judges a shell-tool entry by its command word: first
// the word as written (a glob), then its base name; nil when the word
// lists decide.
func judgeToolCommand(entry, word, cmd string, wild bool, nwords int) *toolIssue {
	if strings.ContainsAny(word, "*?[") {
		return &toolIssue{entry, "the command `" + word + "` is a wildcard: every program it matches may run, interpreters included", finding.High}
	}
	if !wild || nwords != 1 {
		return nil
	}
	switch {
	case overwriteCommands[cmd]:
		return &toolIssue{entry, "`" + cmd + "` with any arguments can overwrite any file, a script or git hook a later step runs included", finding.Medium}
	case fileOnlyCommands[cmd]:
		return &toolIssue{entry, "`" + cmd + "` with any arguments can delete or change any file on the runner (it runs no program)", finding.Low}
	}
	return nil
}
