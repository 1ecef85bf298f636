package pipeline

import (
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"github.com/tollgate-dev/tollgate/internal/yamlnode"
	"go.yaml.in/yaml/v4"
	"mvdan.cc/sh/v3/syntax"
)

// Keys handed to containers: a step that runs `docker compose run|up
// SERVICE` (or `docker-compose …`) gives the container no host variable
// unless the compose file passes it through. The service's
// `environment:` (map or list form: `KEY: ${KEY}`, `- KEY=$KEY`, bare
// `KEY`) or one of its `env_file:` files (`KEY=${KEY}` or bare `KEY`; a
// file the repository does not hold counts when an earlier step of the job
// writes the key variable into a file of that name) must name the key
// variable. The compose file is the one `-f`/`--file` names, else
// compose.yaml, compose.yml, docker-compose.yml or docker-compose.yaml in
// the step's directory (or `--project-directory`). `up` without a service
// starts every service. `docker run -e KEY`, `--env KEY=$KEY` and
// `--env-file FILE` are judged the same way.
//
// Compose files are read through the analysis's file system, capped like
// every repository script, and parsed into a YAML node tree as pipeline
// files are; aliases are not followed (a service's `<<: *defaults` is not
// read), so a hostile file cannot make the reader walk a subtree twice.

// composeVar is a host variable a service passes into its container.
type composeVar struct {
	Var  string
	Line int
	// File is the env_file it is read from, "" for `environment:`.
	File string
}

// composeService is what a compose file says of one service's env.
type composeService struct {
	Env      []composeVar
	EnvFiles []composeVar // Var holds the file path as written
}

// maxComposeServices caps the services read from one compose file.
const maxComposeServices = 512

// parseCompose reads the services of a compose file; partial results for
// a file that does not parse or is not a mapping (nil).
func parseCompose(src []byte) map[string]*composeService {
	if len(src) > MaxFileSize || bytes.IndexByte(src, 0) >= 0 {
		return nil
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil || len(doc.Content) == 0 {
		return nil
	}
	svcs := yamlnode.Get(doc.Content[0], "services")
	if svcs == nil || svcs.Kind != yaml.MappingNode {
		return nil
	}
	out := map[string]*composeService{}
	for i := 0; i+1 < len(svcs.Content) && len(out) < maxComposeServices; i += 2 {
		name, body := svcs.Content[i].Value, svcs.Content[i+1]
		cs := &composeService{}
		out[name] = cs
		env := yamlnode.Get(body, "environment")
		switch {
		case env == nil:
		case env.Kind == yaml.MappingNode:
			for k := 0; k+1 < len(env.Content); k += 2 {
				key, val := env.Content[k], env.Content[k+1]
				if val.Kind != yaml.ScalarNode {
					continue
				}
				if val.Tag == "!!null" {
					// A bare `KEY:` passes the host's KEY.
					if envName(key.Value) {
						cs.Env = append(cs.Env, composeVar{Var: key.Value, Line: key.Line})
					}
					continue
				}
				for _, v := range hostVars(val.Value) {
					cs.Env = append(cs.Env, composeVar{Var: v, Line: val.Line})
				}
			}
		case env.Kind == yaml.SequenceNode:
			for _, it := range env.Content {
				if it.Kind != yaml.ScalarNode {
					continue
				}
				cs.Env = append(cs.Env, envLineVars(it.Value, it.Line, "")...)
			}
		}
		ef := yamlnode.Get(body, "env_file")
		items := []*yaml.Node{ef}
		if ef != nil && ef.Kind == yaml.SequenceNode {
			items = ef.Content
		}
		for _, it := range items {
			if it != nil && it.Kind == yaml.MappingNode {
				it = yamlnode.Get(it, "path")
			}
			if it != nil && it.Kind == yaml.ScalarNode && it.Value != "" {
				cs.EnvFiles = append(cs.EnvFiles, composeVar{Var: it.Value, Line: it.Line})
			}
		}
	}
	return out
}

var hostVarRe = lazyre.New(`\$\{?([A-Za-z_][A-Za-z0-9_]*)`)

// hostVars returns the host variables a compose value interpolates
// (`${KEY}`, `$KEY`, `${KEY:-x}`); `$$` is a literal dollar.
func hostVars(v string) []string {
	if !strings.Contains(v, "$") {
		return nil
	}
	v = strings.ReplaceAll(v, "$$", "")
	var out []string
	for _, m := range hostVarRe.FindAllStringSubmatch(v, -1) {
		out = append(out, m[1])
	}
	return out
}

// envLineVars returns the host variables one `KEY=VALUE` or bare `KEY`
// line passes (list-form `environment:` and env files).
func envLineVars(l string, line int, file string) []composeVar {
	l = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "export "))
	if l == "" || l[0] == '#' {
		return nil
	}
	k, v, ok := strings.Cut(l, "=")
	if !ok {
		if envName(k) {
			return []composeVar{{Var: k, Line: line, File: file}}
		}
		return nil
	}
	var out []composeVar
	for _, x := range hostVars(v) {
		out = append(out, composeVar{Var: x, Line: line, File: file})
	}
	return out
}

// envName reports whether s is a variable name.
func envName(s string) bool {
	if s == "" || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !nameByte(s[i]) {
			return false
		}
	}
	return true
}

// composeFiles are the default compose file names, in the order docker
// compose tries them.
var composeFiles = []string{"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"}

// containerKeyReach says how a step's container command passes one of the
// credentials into a container: the compose service or `docker run` flag
// that names the key variable; "" when none does.
func (a *analysis) containerKeyReach(j *Job, s *Step, creds []credential) string {
	if s.Run == "" || a.fsys == nil || !strings.Contains(s.Run, "docker") {
		return ""
	}
	keys := map[string]bool{}
	for _, c := range creds {
		if c.Env != "" {
			keys[c.Env] = true
		}
	}
	if len(keys) == 0 {
		return ""
	}
	dir := runDir(s)
	if dir == "-" {
		return ""
	}
	for _, c := range a.facts(s.Run).calls {
		w, args := c.Words, c.Call.Args
		for len(w) > 1 && (w[0] == "sudo" || w[0] == "env" || w[0] == "time" || w[0] == "exec" || w[0] == "timeout") {
			w, args = w[1:], args[1:]
		}
		var why string
		switch {
		case len(w) > 2 && w[0] == "docker" && w[1] == "compose":
			why = a.composeReach(j, s, dir, w[2:], keys)
		case len(w) > 1 && w[0] == "docker-compose":
			why = a.composeReach(j, s, dir, w[1:], keys)
		case len(w) > 2 && w[0] == "docker" && w[1] == "run":
			why = a.dockerRunReach(j, s, dir, w[2:], args[2:], keys)
		}
		if why != "" {
			at := lineOf(s, c.Line)
			return fmt.Sprintf("%s (run at %s:%d)", why, at.Path, at.Line)
		}
	}
	return ""
}

// composeReach judges one `docker compose` command line (words after
// `compose`).
func (a *analysis) composeReach(j *Job, s *Step, dir string, w []string, keys map[string]bool) string {
	var files []string
	for len(w) > 0 && strings.HasPrefix(w[0], "-") {
		f, val, eq := strings.Cut(w[0], "=")
		if !eq && composeValueFlags[f] && len(w) > 1 {
			val, w = w[1], w[1:]
		}
		switch f {
		case "-f", "--file":
			files = append(files, val)
		case "--project-directory":
			dir = path.Join(dir, val)
		}
		w = w[1:]
	}
	if len(w) == 0 || w[0] != "run" && w[0] != "up" {
		return ""
	}
	sub := w[0]
	var services []string
	for w = w[1:]; len(w) > 0; w = w[1:] {
		if strings.HasPrefix(w[0], "-") {
			if composeValueFlags[w[0]] && len(w) > 1 {
				w = w[1:]
			}
			continue
		}
		services = append(services, w[0])
		if sub == "run" {
			break // the rest is the container's command
		}
	}
	if sub == "run" && len(services) == 0 {
		return ""
	}
	if len(files) == 0 {
		for _, f := range composeFiles {
			if _, ok := a.composeFile(path.Join(dir, f)); ok {
				files = []string{f}
				break
			}
		}
	}
	for _, f := range files {
		p := repoPath(path.Join(dir, f))
		svcs, ok := a.composeFile(p)
		if !ok {
			continue
		}
		names := services
		if len(names) == 0 {
			for n := range svcs {
				names = append(names, n)
			}
			slices.Sort(names)
		}
		for _, n := range names {
			cs := svcs[n]
			if cs == nil {
				continue
			}
			for _, v := range cs.Env {
				if keys[v.Var] {
					return fmt.Sprintf("compose service %q passes %s into its container (%s:%d)", n, v.Var, p, v.Line)
				}
			}
			for _, ef := range cs.EnvFiles {
				if why := a.envFileReach(j, s, path.Join(path.Dir(p), ef.Var), keys); why != "" {
					return fmt.Sprintf("compose service %q reads env_file %s (%s:%d), which %s", n, ef.Var, p, ef.Line, why)
				}
			}
		}
	}
	return ""
}

// composeFile returns the services of the compose file at a repository
// path, reading and parsing each file once; false when it cannot be read.
func (a *analysis) composeFile(file string) (map[string]*composeService, bool) {
	p := repoPath(file)
	if p == "" {
		return nil, false
	}
	if svcs, ok := a.compose[p]; ok {
		return svcs, svcs != nil
	}
	if a.compose == nil {
		a.compose = map[string]map[string]*composeService{}
	}
	src, err := readCapped(a.fsys, p)
	if err != nil {
		a.compose[p] = nil
		return nil, false
	}
	svcs := parseCompose(src)
	if svcs == nil {
		svcs = map[string]*composeService{}
	}
	a.compose[p] = svcs
	return svcs, true
}

// dockerRunReach judges one `docker run` command line (words after
// `run`, with their shell words): `-e KEY`, `-e KEY=$KEY`, `--env-file
// FILE` before the image.
func (a *analysis) dockerRunReach(j *Job, s *Step, dir string, w []string, args []*syntax.Word, keys map[string]bool) string {
	for i := 0; i < len(w) && i < len(args); i++ {
		if !strings.HasPrefix(w[i], "-") {
			return "" // the image: the rest is the container's command
		}
		f, val, eq := strings.Cut(w[i], "=")
		vw := args[i]
		if !eq {
			if !dockerValueFlags[f] || i+1 >= len(w) {
				continue
			}
			i++
			val, vw = w[i], args[i]
		}
		switch f {
		case "-e", "--env":
			if k, _, set := strings.Cut(val, "="); !set && keys[k] {
				return fmt.Sprintf("docker run passes %s into its container", k)
			}
			for _, v := range wordVars(vw) {
				if keys[v] {
					return fmt.Sprintf("docker run passes %s into its container", v)
				}
			}
		case "--env-file":
			if why := a.envFileReach(j, s, path.Join(dir, val), keys); why != "" {
				return "docker run reads env file " + val + ", which " + why
			}
		}
	}
	return ""
}

// dockerValueFlags are `docker run` flags that take a value.
var dockerValueFlags = map[string]bool{
	"-e": true, "--env": true, "--env-file": true, "-v": true, "--volume": true, "-w": true, "--workdir": true,
	"-u": true, "--user": true, "--name": true, "--network": true, "--net": true, "-p": true, "--publish": true,
	"--entrypoint": true, "-l": true, "--label": true, "--platform": true, "--mount": true, "-m": true,
	"--memory": true, "--cpus": true, "--add-host": true, "--gpus": true, "--shm-size": true, "-h": true,
	"--hostname": true, "--restart": true, "--pull": true, "--ipc": true, "--cidfile": true, "--label-file": true,
}

// envFileReach says how an env file passes a key: the repository's file
// names it (`KEY=${KEY}` or bare `KEY`), or, for a file the repository
// does not hold, an earlier step of the job writes the key variable into a
// file of that name.
func (a *analysis) envFileReach(j *Job, s *Step, file string, keys map[string]bool) string {
	p := repoPath(file)
	if p == "" {
		return ""
	}
	if src, err := readCapped(a.fsys, p); err == nil {
		for i, l := range strings.Split(string(src), "\n") {
			for _, v := range envLineVars(l, i+1, p) {
				if keys[v.Var] {
					return fmt.Sprintf("passes %s (%s:%d)", v.Var, p, i+1)
				}
			}
		}
		return ""
	}
	base := path.Base(p)
	top := s
	for top.Origin != nil {
		top = top.Origin
	}
	for _, e := range j.Steps {
		if e == top {
			break
		}
		for _, l := range e.RunLines {
			if !strings.Contains(l.Text, base) || !strings.Contains(l.Text, ">") {
				continue
			}
			for _, v := range hostVars(l.Text) {
				if keys[v] {
					return fmt.Sprintf("step %q writes %s into (%s:%d)", e.Label(), v, l.Pos.Path, l.Pos.Line)
				}
			}
		}
	}
	return ""
}

// jobCredUse is the AI use a job-level credential gives a step, with the
// evidence of why that step.
func jobCredUse(j *Job, s *Step, creds []credential, why string) *AIUse {
	u := &AIUse{Job: j, Step: s, Pos: s.Where(), Via: "secret", Provider: creds[0].Provider, Model: "implicit"}
	u.Secrets = stepSecrets(j, s)
	for _, c := range creds {
		u.Why = append(u.Why, c.String())
	}
	u.Why = append(u.Why, why)
	u.ModelPos = u.Pos
	applyEnvModel(s, u)
	return u
}

// jobCredentialHooks judges a step reached by a job-level credential
// before detectJobCredential looks for programs: a background server start
// a later test step drives gives the test step; a container command that
// passes the key into its container gives the step itself.
func (a *analysis) jobCredentialHooks(j *Job, s *Step, creds []credential) *AIUse {
	if t, why := a.serverDriver(j, s); t != nil {
		if len(reachable(t, creds)) == 0 && len(reachable(s, creds)) == 0 {
			return nil
		}
		return jobCredUse(j, t, creds, why)
	}
	if why := a.containerKeyReach(j, s, reachable(s, creds)); why != "" {
		return jobCredUse(j, s, creds, "first step to run a program: "+why)
	}
	return nil
}
