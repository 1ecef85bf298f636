package pipeline

import (
	"path"
	"strings"

	"go.yaml.in/yaml/v4"
)

// CloudBuild is a Google Cloud Build configuration (cloudbuild.yaml). It is
// read for the gate inventory only: KindOf does not return it, so the
// pipeline rules, written for GitHub and GitLab, never see it.
const CloudBuild Kind = "cloudbuild"

// IsCloudBuild reports whether a root-relative path is a Cloud Build
// configuration: cloudbuild.yaml or cloudbuild.yml (or a name ending in
// "cloudbuild.yaml", such as "deploy.cloudbuild.yaml") in any directory
// but a test-fixture one.
func IsCloudBuild(p string) bool {
	if isFixturePath(p) {
		return false
	}
	b := strings.ToLower(path.Base(p))
	return b == "cloudbuild.yaml" || b == "cloudbuild.yml" || strings.HasSuffix(b, ".cloudbuild.yaml") || strings.HasSuffix(b, ".cloudbuild.yml") ||
		strings.HasSuffix(b, "-cloudbuild.yaml") || strings.HasSuffix(b, "_cloudbuild.yaml")
}

// cloudBuildDirs are directory names Cloud Build configurations are kept in
// under other file names (`build/model-deployment.yaml`).
var cloudBuildDirs = map[string]bool{"build": true, "builds": true, "cloudbuild": true, ".cloudbuild": true, "cloud-build": true, "cloud_build": true, "ci": true, "deploy": true}

// MaybeCloudBuild reports whether a root-relative path may hold a Cloud
// Build configuration that IsCloudBuild cannot tell by its name: a YAML file
// in a directory named like build/, cloudbuild/ or deploy/, or named with
// "cloudbuild", "cloud-build" or "cloud_build". Such a file is read as one
// only when its content is one (a `steps:` list of builder steps); anything
// else there, a file that does not parse included, is left alone.
func MaybeCloudBuild(p string) bool {
	if isFixturePath(p) || IsCloudBuild(p) || KindOf(p) != "" {
		return false
	}
	b := strings.ToLower(path.Base(p))
	if !strings.HasSuffix(b, ".yaml") && !strings.HasSuffix(b, ".yml") {
		return false
	}
	if strings.Contains(b, "cloudbuild") || strings.Contains(b, "cloud-build") || strings.Contains(b, "cloud_build") {
		return true
	}
	for _, d := range strings.Split(path.Dir(p), "/") {
		if cloudBuildDirs[strings.ToLower(d)] {
			return true
		}
	}
	return false
}

// looksLikeCloudBuild reports whether a parsed file is a Cloud Build
// configuration: a mapping whose `steps` is a list of mappings, the first
// naming a builder image and giving it args, an entrypoint or a script.
func looksLikeCloudBuild(f *File) bool {
	if f == nil || f.Root == nil {
		return false
	}
	root := f.Root
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "steps" {
			continue
		}
		steps := root.Content[i+1]
		if steps.Kind != yaml.SequenceNode || len(steps.Content) == 0 || steps.Content[0].Kind != yaml.MappingNode {
			return false
		}
		var name, run bool
		st := steps.Content[0]
		for j := 0; j+1 < len(st.Content); j += 2 {
			switch st.Content[j].Value {
			case "name":
				name = st.Content[j+1].Kind == yaml.ScalarNode && st.Content[j+1].Value != ""
			case "args", "entrypoint", "script":
				run = true
			}
		}
		return name && run
	}
	return false
}

// cloudBuilders maps a builder image to the program it runs when the step
// has no entrypoint.
var cloudBuilders = map[string]string{
	"gcloud": "gcloud", "docker": "docker", "kubectl": "kubectl", "gsutil": "gsutil", "git": "git", "npm": "npm",
	"yarn": "yarn", "go": "go", "mvn": "mvn", "gradle": "gradle", "gke-deploy": "gke-deploy", "bazel": "bazel",
	"trivy": "trivy", "gitleaks": "gitleaks", "semgrep": "semgrep", "gosec": "gosec", "grype": "grype", "terraform": "terraform",
	"helm": "helm", "cloud-sdk": "", "python": "",
}

// buildCloudBuild normalizes a Cloud Build file: each step becomes a job
// (Cloud Build steps run as soon as their `waitFor` steps are done, all the
// earlier steps when it is absent), holding one step whose script is the
// `bash -c` argument, the `script:`, or the builder's program with its args.
// `images:` becomes a last job, "images", that pushes them after every step.
func buildCloudBuild(f *File, b *budget) *Pipeline {
	r := newReader(f, b)
	p := &Pipeline{Path: f.Path, Kind: CloudBuild, Lines: f.Lines, Src: f.Src}
	p.setFacts(f.Root)
	if f.Root == nil {
		return p
	}
	if len(f.Root.Content) > 0 {
		p.Pos = r.pos(f.Root.Content[0])
	}
	steps, _ := r.get(f.Root, "steps")
	var ids []string
	for i, sn := range r.items(steps) {
		if !b.grow(1) || sn.Kind != yaml.MappingNode {
			break
		}
		id := r.str(first(r.get(sn, "id")))
		if id == "" {
			id = "step " + itoa(i+1)
		}
		j := &Job{ID: id, Name: id, Pos: r.pos(sn.Content[0]), Pipeline: p}
		j.setFacts(sn)
		image := r.str(first(r.get(sn, "name")))
		j.Image, j.Container = image, image
		if wf, k := r.get(sn, "waitFor"); k != nil {
			j.NeedsPos = r.pos(k)
			for _, w := range r.strs(wf) {
				if w != "-" {
					j.Needs = append(j.Needs, w)
				}
			}
		} else {
			j.Needs = append([]string(nil), ids...)
		}
		if v, k := r.get(sn, "allowFailure"); k != nil {
			if bv, ok := boolish(v); ok && bv {
				j.AllowFailure, j.AllowFailPos = true, r.pos(k)
			}
		}
		if _, k := r.get(sn, "allowExitCodes"); k != nil {
			j.AllowFailure, j.AllowFailPos = true, r.pos(k)
		}
		s := &Step{Index: 0, ID: r.str(first(r.get(sn, "id"))), Pos: j.Pos, Job: j}
		s.setFacts(sn)
		entry := r.str(first(r.get(sn, "entrypoint")))
		args, argsK := r.get(sn, "args")
		argv := r.items(args)
		if args != nil && args.Kind == yaml.ScalarNode {
			argv = []*yaml.Node{args}
		}
		script, scriptK := r.get(sn, "script")
		switch {
		case scriptK != nil:
			s.Run, s.RunPos, s.RunLines = r.str(script), r.pos(script), r.scriptLines(script)
		case (entry == "bash" || entry == "sh" || entry == "/bin/bash" || entry == "/bin/sh") && len(argv) >= 2 && r.str(argv[0]) == "-c":
			s.Run, s.RunPos, s.RunLines = r.str(argv[1]), r.pos(argv[1]), r.scriptLines(argv[1])
		default:
			prog := entry
			if prog == "" {
				base := path.Base(strings.Split(image, ":")[0])
				if v, ok := cloudBuilders[base]; ok {
					prog = v
				} else {
					prog = base
				}
			}
			var words []string
			if prog != "" {
				words = append(words, prog)
			}
			for _, a := range argv {
				words = append(words, shellQuote(r.str(a)))
			}
			s.Run = strings.Join(words, " ")
			at := j.Pos
			if argsK != nil {
				at = r.pos(argsK)
			}
			s.RunPos = at
			s.RunLines = []Line{{Text: s.Run, Pos: at}}
		}
		s.Env = r.kvs(first(r.get(sn, "env")))
		j.Steps = []*Step{s}
		p.Jobs = append(p.Jobs, j)
		ids = append(ids, id)
	}
	// `images:` are pushed once every step has succeeded.
	if imgs, k := r.get(f.Root, "images"); k != nil && b.grow(1) {
		j := &Job{ID: "images", Name: "images", Pos: r.pos(k), Pipeline: p, Needs: append([]string(nil), ids...)}
		j.setFacts(f.Root)
		var lines []string
		for _, im := range r.strs(imgs) {
			lines = append(lines, "docker push "+shellQuote(im))
		}
		s := &Step{Pos: j.Pos, Job: j, Run: strings.Join(lines, "\n"), RunPos: j.Pos}
		for _, l := range lines {
			s.RunLines = append(s.RunLines, Line{Text: l, Pos: j.Pos})
		}
		j.Steps = []*Step{s}
		p.Jobs = append(p.Jobs, j)
	}
	p.Truncated = b.exceeded
	return p
}

// shellQuote quotes a word for the shell parser when it needs it.
func shellQuote(w string) string {
	if w != "" && !strings.ContainsAny(w, " \t\n'\"\\$`;&|<>(){}*?[]#~!") {
		return w
	}
	return "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
}
