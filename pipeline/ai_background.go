package pipeline

import (
	"fmt"
	"path"
	"strings"

	"mvdan.cc/sh/v3/syntax"
)

// Servers started in the background: a step that starts a server and
// returns (`python -m app.serve &`, `nohup …`, `docker compose up -d`,
// `docker run -d`, or a local composite action one of whose steps does
// so) hands the key it holds to the server, and the model calls happen
// when a later step drives the server. When a job-level or step key
// reaches such a step and a later step of the same job runs tests, the
// test step is the AI step and the server start is not recorded. A step
// that starts the server and runs the tests itself stays the AI step; a
// server start no test step follows is judged as before.

// backgroundSkip are commands whose backgrounding starts no server.
var backgroundSkip = map[string]bool{
	"sleep": true, "echo": true, "printf": true, "tail": true, "wait": true, "true": true, "cat": true,
	"watch": true, "timeout": true, "yes": true, "tee": true, "top": true, "vmstat": true, "iostat": true,
}

// startsBackground returns where a step (or a step of the local composite
// action it calls) starts a server in the background; ok is false when it
// starts none.
func (a *analysis) startsBackground(j *Job, s *Step) (Pos, bool) {
	if at, ok := a.backgroundIn(s); ok {
		return at, true
	}
	if s.Action == nil || s.Origin != nil {
		return Pos{}, false
	}
	for _, st := range j.AllSteps() {
		if st.Origin == s {
			if at, ok := a.backgroundIn(st); ok {
				return at, true
			}
		}
	}
	return Pos{}, false
}

// backgroundIn returns the line of a step's script that starts a server
// in the background.
func (a *analysis) backgroundIn(s *Step) (Pos, bool) {
	if s.Run == "" || !strings.Contains(s.Run, "&") && !strings.Contains(s.Run, "nohup") && !strings.Contains(s.Run, "-d") {
		return Pos{}, false
	}
	f := a.shell(s.Run)
	if f == nil {
		return Pos{}, false
	}
	line := 0
	syntax.Walk(f, func(n syntax.Node) bool {
		if line != 0 {
			return false
		}
		switch x := n.(type) {
		case *syntax.Stmt:
			if x.Background {
				if c, ok := x.Cmd.(*syntax.CallExpr); ok && len(c.Args) > 0 {
					if name := path.Base(wordText(c.Args[0])); name != "" && !backgroundSkip[name] {
						line = int(c.Pos().Line())
					}
				}
			}
		case *syntax.CallExpr:
			if detachedCall(x) {
				line = int(x.Pos().Line())
			}
		}
		return true
	})
	if line == 0 {
		return Pos{}, false
	}
	return lineOf(s, line), true
}

// detachedCall reports whether a command starts a detached process:
// `nohup …`, `docker compose up -d`, `docker run -d`.
func detachedCall(c *syntax.CallExpr) bool {
	w := make([]string, 0, len(c.Args))
	for _, x := range c.Args {
		w = append(w, wordText(x))
	}
	for len(w) > 1 && (w[0] == "sudo" || w[0] == "env" || w[0] == "exec") {
		w = w[1:]
	}
	if len(w) == 0 {
		return false
	}
	if w[0] == "nohup" {
		return true
	}
	var rest []string
	switch {
	case len(w) > 2 && w[0] == "docker" && w[1] == "run":
		rest = w[2:]
	case len(w) > 2 && w[0] == "docker" && w[1] == "compose":
		rest = w[2:]
	case len(w) > 1 && w[0] == "docker-compose":
		rest = w[1:]
	default:
		return false
	}
	if w[1] != "run" {
		// compose: only `up` detaches.
		i := 0
		for i < len(rest) && strings.HasPrefix(rest[i], "-") {
			if composeValueFlags[rest[i]] {
				i++
			}
			i++
		}
		if i >= len(rest) || rest[i] != "up" {
			return false
		}
		rest = rest[i+1:]
	}
	for _, x := range rest {
		if !strings.HasPrefix(x, "-") {
			break
		}
		if x == "--detach" || x == "--detach=true" || len(x) > 1 && x[1] != '-' && strings.Contains(x, "d") && strings.Trim(x[1:], "dit") == "" {
			return true
		}
	}
	return false
}

// serverDriver returns, for a step that starts a server in the
// background and runs no tests itself, the first later step of the job
// that runs tests, with the evidence; nil when there is none.
func (a *analysis) serverDriver(j *Job, s *Step) (*Step, string) {
	if j.Pipeline.Kind != GitHub || s.Run == "" && s.Action == nil {
		return nil, ""
	}
	if w, _ := a.testCall(s); w != nil {
		return nil, ""
	}
	at, ok := a.startsBackground(j, s)
	if !ok {
		return nil, ""
	}
	top := s
	for top.Origin != nil {
		top = top.Origin
	}
	after := false
	for _, t := range j.Steps {
		if t == top {
			after = true
			continue
		}
		if !after || neverRuns(j, t) || a.runsNoAIProgram(t) {
			continue
		}
		if w, tat := a.testCall(t); w != nil {
			return t, fmt.Sprintf("drives the server step %q starts in the background (%s:%d) with tests: %s (%s:%d)", s.Label(), at.Path, at.Line, testLabel(w), tat.Path, tat.Line)
		}
	}
	return nil, ""
}
