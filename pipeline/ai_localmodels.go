package pipeline

import (
	"fmt"
	"strings"
)

// Local models: a job that starts a model server on the runner (an
// `ollama/ollama` service container, `docker run … ollama/ollama`,
// `ollama serve`, or Docker Model Runner's `docker model run|pull ai/…`)
// and then calls it runs a model with no credential and no known host.
// Starting the server and pulling weights is no AI step; the AI step is a
// later step whose script or env addresses the server: its port
// (11434 for ollama, 12434 for Docker Model Runner), OLLAMA_HOST /
// OLLAMA_BASE_URL / OLLAMA_API_BASE, a model named `ollama:…` or
// `ollama/…`, or `docker model run ai/… "prompt"`. (`ollama run` and the
// ollama SDKs are recognised by the CLI and SDK tables already.)

// localServer is where a job starts a local model server.
type localServer struct {
	What  string // "service ollama/ollama", "docker run ollama/ollama"…
	Pos   Pos
	After int // steps with a larger Index may call it (-1: every step)
}

// localModelServer returns the local model server a job starts, or nil.
func (a *analysis) localModelServer(j *Job) *localServer {
	if j.Pipeline.Kind != GitHub {
		return nil
	}
	if img := serviceImage(j, "ollama/ollama"); img != "" {
		return &localServer{What: "service container " + img, Pos: j.Pos, After: -1}
	}
	for _, s := range j.Steps {
		if s.Run == "" || !strings.Contains(s.Run, "ollama") && !strings.Contains(s.Run, "docker model") || neverRuns(j, s) {
			continue
		}
		for _, l := range s.RunLines {
			t := l.Text
			switch {
			case strings.Contains(t, "docker") && strings.Contains(t, " run") && strings.Contains(t, "ollama/ollama"):
				return &localServer{What: "docker run ollama/ollama", Pos: l.Pos, After: s.Index}
			case strings.Contains(t, "ollama serve") || strings.Contains(t, "ollama pull"):
				return &localServer{What: "ollama serve/pull", Pos: l.Pos, After: s.Index}
			case strings.Contains(t, "docker model pull") || strings.Contains(t, "docker model run"):
				return &localServer{What: "docker model", Pos: l.Pos, After: s.Index - 1}
			}
		}
		if pkg := a.pkgScriptText(s); strings.Contains(pkg, "ollama/ollama") && strings.Contains(pkg, "docker") {
			return &localServer{What: "docker run ollama/ollama (package script)", Pos: s.Where(), After: s.Index}
		}
	}
	return nil
}

// serviceImage returns the image of a service container of the job that
// starts with prefix, "" when none.
func serviceImage(j *Job, prefix string) string {
	for _, img := range j.facts.services {
		if strings.HasPrefix(img, prefix) {
			return img
		}
	}
	return ""
}

// localModelRefs are what a step that calls a local model server names.
var localModelRefs = []string{":11434", ":12434", "OLLAMA_HOST", "OLLAMA_BASE_URL", "OLLAMA_API_BASE", "ollama:", "ollama/", "docker model run"}

// localModelSteps returns the AI uses of the steps of a job that call the
// local model server it starts, those not recognised otherwise.
func (a *analysis) localModelSteps(j *Job, srv *localServer) []*AIUse {
	var out []*AIUse
	for _, s := range j.Steps {
		if s.Index <= srv.After || a.aiByStep[s] != nil || s.Uses != "" || neverRuns(j, s) {
			continue
		}
		text := s.Run
		for _, kv := range s.Env {
			text += "\n" + kv.Key + "=" + kv.Value
		}
		ref := ""
		for _, r := range localModelRefs {
			if strings.Contains(text, r) && !strings.Contains(text, "ollama/ollama") {
				ref = r
				break
			}
		}
		if ref == "" || strings.Contains(s.Run, "docker model pull") && !strings.Contains(s.Run, "docker model run") {
			continue
		}
		u := &AIUse{Job: j, Step: s, Pos: s.Where(), Via: "endpoint", Endpoint: "local model server", Provider: "ollama", Model: "unknown"}
		if strings.Contains(srv.What, "docker model") {
			u.Provider = "docker-model-runner"
		}
		u.Secrets = stepSecrets(j, s)
		u.ModelPos = u.Pos
		u.Why = []string{
			fmt.Sprintf("job starts a local model server: %s (%s:%d)", srv.What, srv.Pos.Path, srv.Pos.Line),
			fmt.Sprintf("step addresses it (%q)", ref),
		}
		out = append(out, u)
	}
	return out
}

// pkgScriptText returns the package scripts a step's lines name, joined
// (one level), for the server test.
func (a *analysis) pkgScriptText(s *Step) string {
	if !strings.Contains(s.Run, "npm") && !strings.Contains(s.Run, "yarn") && !strings.Contains(s.Run, "pnpm") && !strings.Contains(s.Run, "bun") {
		return ""
	}
	dir := stepWorkDir(s)
	if dir == "-" {
		return ""
	}
	var b strings.Builder
	for _, l := range s.RunLines {
		for _, part := range splitCommands(l.Text) {
			if script, _, pdir, ok := pkgScriptCall(strings.Fields(part)); ok {
				d := dir
				if pdir != "" {
					d = cleanDir(pdir)
				}
				if d != "-" {
					b.WriteString(a.pkgScripts(d)[script])
					b.WriteByte('\n')
				}
			}
		}
	}
	return b.String()
}
