package pipeline

import (
	"path"
	"slices"
	"strings"

	"mvdan.cc/sh/v3/syntax"

	"github.com/tollgate-dev/tollgate/pipeline/aiprofiles"
)

// A job-level AI key is handed to every step of the job; the step that
// uses it is the first one that runs a program, but a step that only
// installs (`pip install`, `npm ci`, `pnpm install --frozen-lockfile`,
// `yarn install --immutable`, `bun install`, `uvx playwright install chromium`,
// `npx playwright install --with-deps`, `apt-get install`) is not it: an
// installer fetches packages and browsers, it calls no model. (A key bound
// to an installer step itself still makes an AI step: the key was given
// to that step.)

// installSubs are, per installer program, the subcommands that install.
var installSubs = map[string][]string{
	"pip": {"install", "download"}, "pip3": {"install", "download"}, "pipx": {"install"},
	"uv": {"pip", "sync", "add", "tool", "venv", "python", "lock"}, "poetry": {"install", "lock"},
	"pdm": {"install", "sync"}, "pipenv": {"install", "sync"}, "hatch": {"env"},
	"npm": {"ci", "install", "i"}, "yarn": {"install", "add"}, "pnpm": {"install", "i", "add", "fetch"},
	"bun": {"install", "i", "add"}, "playwright": {"install", "install-deps"},
	"apt-get": {"install", "update"}, "apt": {"install", "update"}, "brew": {"install", "update"},
	"go": {"mod", "install"}, "cargo": {"install", "fetch"}, "gem": {"install"}, "bundle": {"install"},
	"dotnet": {"restore", "tool"}, "corepack": {"enable", "prepare"},
}

// installsOnly reports whether every command of the step's script
// installs packages or tools (or is a shell builtin around them).
func (a *analysis) installsOnly(s *Step) bool {
	calls := a.calls(s.Run)
	if len(calls) == 0 {
		// a.calls parses only scripts that may invoke an interpreter:
		// `npm ci`, `pnpm install --frozen-lockfile`, `yarn install
		// --immutable` name none.
		calls = a.facts(s.Run).calls
	}
	if len(calls) == 0 {
		return false
	}
	var setup map[*syntax.CallExpr]bool
	if strings.Contains(s.Run, "|") || strings.Contains(s.Run, "&") {
		setup = setupCalls(a.shell(s.Run))
	}
	for _, c := range calls {
		if !setup[c.Call] && !installCall(c.Words) {
			return false
		}
	}
	return true
}

// setupCalls returns the commands of a script that install or start a
// tool rather than run a program: an installer script piped from the
// network into a shell (`curl -fsSL https://…/install.sh | sh`, `wget -qO-
// … | sudo bash -s -- …`), and a server started in the background
// (`ollama serve &`), which waits for requests and sends none.
func setupCalls(f *syntax.File) map[*syntax.CallExpr]bool {
	if f == nil {
		return nil
	}
	out := map[*syntax.CallExpr]bool{}
	syntax.Walk(f, func(n syntax.Node) bool {
		switch x := n.(type) {
		case *syntax.BinaryCmd:
			if x.Op != syntax.Pipe && x.Op != syntax.PipeAll {
				return true
			}
			fetch, _ := x.X.Cmd.(*syntax.CallExpr)
			run, _ := x.Y.Cmd.(*syntax.CallExpr)
			if fetch == nil || run == nil || len(fetch.Args) == 0 || len(run.Args) == 0 {
				return true
			}
			if f := path.Base(wordText(fetch.Args[0])); f != "curl" && f != "wget" {
				return true
			}
			sh := run.Args
			if wordText(sh[0]) == "sudo" && len(sh) > 1 {
				sh = sh[1:]
			}
			switch path.Base(wordText(sh[0])) {
			case "sh", "bash", "zsh", "dash":
				out[fetch], out[run] = true, true
			}
		case *syntax.Stmt:
			if c, ok := x.Cmd.(*syntax.CallExpr); ok && x.Background && len(c.Args) > 1 && wordText(c.Args[1]) == "serve" {
				out[c] = true
			}
		}
		return true
	})
	return out
}

// installCall reports whether one command installs.
func installCall(w []string) bool {
	for len(w) > 1 {
		switch {
		case w[0] == "sudo" || w[0] == "env":
			w = w[1:]
			continue
		case w[0] == "npx" || w[0] == "bunx" || w[0] == "uvx" || w[0] == "pnpx":
			w = w[1:]
			for len(w) > 0 && strings.HasPrefix(w[0], "-") {
				w = w[1:]
			}
			continue
		case (w[0] == "python" || w[0] == "python3") && w[1] == "-m":
			w = w[2:]
			continue
		case (w[0] == "uv" || w[0] == "poetry") && w[1] == "run":
			w = w[2:]
			continue
		}
		break
	}
	if len(w) == 0 || w[0] == "" {
		return false
	}
	if checkBuiltins[w[0]] || w[0] == "sleep" {
		return true // a builtin, or the wait for a server an installer started
	}
	subs, ok := installSubs[path.Base(w[0])]
	if ok && len(w) == 1 && w[0] == "yarn" {
		return true // bare `yarn` installs the lockfile's packages
	}
	if !ok || len(w) < 2 {
		return false
	}
	if path.Base(w[0]) == "hatch" && slices.Contains(w, "run") {
		return false // `hatch env run …` runs a command in the environment
	}
	for _, x := range w[1:] {
		if strings.HasPrefix(x, "-") {
			continue
		}
		for _, s := range subs {
			if x == s {
				return true
			}
		}
		return false
	}
	return false
}

// hubStorageStep reports whether a step handed only Hugging Face tokens
// runs no program but hub storage commands (`hf upload`, `hf cp … hf://buckets/…`,
// `huggingface-cli upload`): a hub token used to store files is no AI
// credential, as one used to download them is not (hubDownloadOnly). A
// step that runs a script or an interpreter is judged as before.
func (a *analysis) hubStorageStep(s *Step, creds []credential) bool {
	for _, c := range creds {
		if c.Provider != "huggingface" {
			return false
		}
	}
	if s.Uses != "" || len(a.invocations(s)) > 0 || !aiprofiles.HubStorage(s.Run) {
		return false
	}
	_, _, ok := aiprofiles.FindEndpoint(s.Run)
	return !ok
}
