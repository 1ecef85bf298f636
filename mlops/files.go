package mlops

import (
	"bytes"
	"fmt"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"io/fs"
	"path"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/tollgate-dev/tollgate/finding"

	"github.com/tollgate-dev/tollgate/internal/yamlnode"
)

// maxConfigSize is the largest configuration file (dvc.yaml, MLproject,
// a .dvc file…) read.
const maxConfigSize = 1 << 20

// Stage is one stage of a DVC pipeline (dvc.yaml).
type Stage struct {
	Name string
	Line int
	Cmd  string
	Deps []string
	Outs []string
}

// DVCFile is what a dvc.yaml holds: its stages and its declared artifacts
// (DVC's model registry, used with GTO tags).
type DVCFile struct {
	Stages    []Stage
	Artifacts []DVCArtifact
}

// DVCArtifact is an entry of dvc.yaml's artifacts.
type DVCArtifact struct {
	Name, Path, Type string
	Line             int
}

// ParseDVCYAML reads a dvc.yaml. It returns what it could read of a file
// with errors, and an error only when the YAML does not parse at all.
func ParseDVCYAML(src []byte) (*DVCFile, error) {
	root, err := yamlRoot(src)
	if err != nil || root == nil {
		return &DVCFile{}, err
	}
	out := &DVCFile{}
	if st := yamlnode.Get(root, "stages"); st != nil && st.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(st.Content); i += 2 {
			k, v := st.Content[i], st.Content[i+1]
			s := Stage{Name: k.Value, Line: k.Line}
			if v.Kind == yaml.MappingNode {
				s.Cmd = strings.Join(yamlnode.Scalars(yamlnode.Get(v, "cmd")), "\n")
				s.Deps = paths(yamlnode.Get(v, "deps"))
				s.Outs = paths(yamlnode.Get(v, "outs"))
				if fe := yamlnode.Get(v, "foreach"); fe != nil {
					if do := yamlnode.Get(v, "do"); do != nil {
						s.Cmd = strings.Join(yamlnode.Scalars(yamlnode.Get(do, "cmd")), "\n")
						s.Deps = paths(yamlnode.Get(do, "deps"))
						s.Outs = paths(yamlnode.Get(do, "outs"))
					}
				}
			}
			out.Stages = append(out.Stages, s)
		}
	}
	if ar := yamlnode.Get(root, "artifacts"); ar != nil && ar.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(ar.Content); i += 2 {
			k, v := ar.Content[i], ar.Content[i+1]
			a := DVCArtifact{Name: k.Value, Line: k.Line}
			if v.Kind == yaml.MappingNode {
				a.Path = scalar(yamlnode.Get(v, "path"))
				a.Type = scalar(yamlnode.Get(v, "type"))
			}
			out.Artifacts = append(out.Artifacts, a)
		}
	}
	return out, nil
}

// ParseDVCFile returns the outputs a .dvc file tracks, relative to its
// directory.
func ParseDVCFile(src []byte) []string {
	root, err := yamlRoot(src)
	if err != nil || root == nil {
		return nil
	}
	return paths(yamlnode.Get(root, "outs"))
}

// yamlRoot parses YAML and returns its top mapping, nil for anything else.
// The file is small (maxConfigSize) and has no anchors worth expanding; an
// alias bomb is refused by the parser's own limits.
func yamlRoot(src []byte) (root *yaml.Node, err error) {
	defer func() {
		if p := recover(); p != nil {
			root, err = nil, fmt.Errorf("parse yaml: %v", p)
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, nil
	}
	return doc.Content[0], nil
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

// paths reads a DVC deps/outs list: plain strings, one-key mappings
// (`- model.pkl: {cache: false}`) or `- path: x` entries (.dvc files).
func paths(n *yaml.Node) []string {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	var out []string
	for _, c := range n.Content {
		switch c.Kind {
		case yaml.ScalarNode:
			out = append(out, c.Value)
		case yaml.MappingNode:
			if p := scalar(yamlnode.Get(c, "path")); p != "" {
				out = append(out, p)
			} else if len(c.Content) >= 2 {
				out = append(out, c.Content[0].Value)
			}
		}
	}
	return out
}

// configScan is what the configuration files of the tree say: tools and
// facts, and the DVC pipeline for the model-card inputs.
type configScan struct {
	tools    []toolHit
	facts    []fact
	findings []finding.Finding
	// stages are the DVC stages, with the dvc.yaml they come from.
	stages []dvcStage
	// dvcOuts are the paths .dvc files track.
	dvcOuts map[string]string // tracked path → .dvc file
	hasLock bool
}

type dvcStage struct {
	File string
	Stage
}

// kfpCompiled recognises a compiled Kubeflow pipeline (v2 IR or v1 Argo).
var kfpCompiled = lazyre.New(`(?m)^(pipelineSpec:|pipelineInfo:|deploymentSpec:)|pipelines\.kubeflow\.org/`)

// mlprojectEntry finds MLproject's entry points.
var mlprojectEntry = lazyre.New(`(?m)^entry_points\s*:`)

// remoteRE finds a DVC remote in .dvc/config.
var remoteRE = lazyre.New(`(?m)^\s*\[\s*'?remote\s+"[^"]*"'?\s*\]`)

func scanConfigs(fsys fs.FS, tree []File) configScan {
	out := configScan{dvcOuts: map[string]string{}}
	hit := func(tool, role, p string, line int, what string) {
		out.tools = append(out.tools, toolHit{Tool: tool, Role: role, Where: finding.Location{Path: p, StartLine: line}, What: what})
	}
	read := func(p string, size int64) []byte {
		if size > maxConfigSize {
			return nil
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil
		}
		return src
	}
	for _, f := range tree {
		base := path.Base(f.Path)
		dir := path.Dir(f.Path)
		switch {
		case base == "dvc.yaml":
			src := read(f.Path, f.Size)
			hit("dvc", "pipeline", f.Path, 1, "dvc.yaml")
			d, err := ParseDVCYAML(src)
			if err != nil {
				out.findings = append(out.findings, finding.ParseError.New(finding.Location{Path: f.Path, StartLine: 1}, "cannot parse %s: %s", f.Path, oneLine(err.Error())))
			}
			for _, s := range d.Stages {
				s.Deps = rebase(dir, s.Deps)
				s.Outs = rebase(dir, s.Outs)
				out.stages = append(out.stages, dvcStage{File: f.Path, Stage: s})
			}
			for _, a := range d.Artifacts {
				hit("dvc", "registry", f.Path, a.Line, "artifact "+a.Name)
				kind := factModelVersion
				if a.Type != "" && a.Type != "model" {
					kind = factDataVersion
				}
				out.facts = append(out.facts, fact{Kind: kind, Where: finding.Location{Path: f.Path, StartLine: a.Line}, What: fmt.Sprintf("dvc artifact %q (%s)", a.Name, a.Path), Tool: "dvc"})
			}
		case base == "dvc.lock":
			out.hasLock = true
			hit("dvc", "versioning", f.Path, 1, "dvc.lock")
		case strings.HasSuffix(base, ".dvc") && base != ".dvc":
			hit("dvc", "versioning", f.Path, 1, base)
			for _, o := range ParseDVCFile(read(f.Path, f.Size)) {
				out.dvcOuts[path.Join(dir, o)] = f.Path
			}
		case f.Path == ".dvc/config":
			if src := read(f.Path, f.Size); src != nil {
				if loc := remoteRE.FindIndex(src); loc != nil {
					hit("dvc", "versioning", f.Path, lineOf(src, loc[0]), "dvc remote")
				}
			}
		case base == "MLproject":
			src := read(f.Path, f.Size)
			line := 1
			if loc := mlprojectEntry.FindIndex(src); loc != nil {
				line = lineOf(src, loc[0])
			}
			hit("mlflow", "pipeline", f.Path, line, "MLproject")
			out.facts = append(out.facts, fact{Kind: "mlproject", Where: finding.Location{Path: f.Path, StartLine: line}, What: "MLproject entry points", Tool: "mlflow"})
		case base == "feature_store.yaml":
			hit("feast", "feature-store", f.Path, 1, base)
			out.facts = append(out.facts, fact{Kind: factDataVersion, Where: finding.Location{Path: f.Path, StartLine: 1}, What: "feast feature store", Tool: "feast"})
		case base == "openlineage.yml" || base == "openlineage.yaml":
			hit("openlineage", "lineage", f.Path, 1, base)
		case f.Path == "artifacts.yaml" || f.Path == ".gto":
			hit("gto", "registry", f.Path, 1, base)
			out.facts = append(out.facts, fact{Kind: factModelVersion, Where: finding.Location{Path: f.Path, StartLine: 1}, What: "gto " + base, Tool: "gto"})
		case (strings.HasSuffix(base, ".yaml") || strings.HasSuffix(base, ".yml") || strings.HasSuffix(base, ".json") && strings.Contains(base, "pipeline")) && !strings.HasPrefix(f.Path, ".github/") && f.Path != ".gitlab-ci.yml":
			src := read(f.Path, f.Size)
			if src == nil || !bytes.Contains(src, []byte("pipeline")) {
				continue
			}
			if loc := kfpCompiled.FindIndex(src); loc != nil && (bytes.Contains(src, []byte("deploymentSpec")) || bytes.Contains(src, []byte("pipelines.kubeflow.org"))) {
				hit("kubeflow", "pipeline", f.Path, lineOf(src, loc[0]), "compiled pipeline")
				if trainsRE.Match(src) {
					out.facts = append(out.facts, fact{Kind: factProducesModel, Where: finding.Location{Path: f.Path, StartLine: lineOf(src, loc[0])}, What: "compiled kubeflow pipeline with a training step", Tool: "kubeflow"})
				}
			}
		case manifest(f.Path) && f.Size < maxConfigSize:
			out.tools = append(out.tools, manifestTools(read(f.Path, f.Size), f.Path)...)
		}
	}
	return out
}

// rebase makes the paths of a dvc.yaml root-relative.
func rebase(dir string, ps []string) []string {
	if dir == "." {
		return ps
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = path.Join(dir, p)
	}
	return out
}

func lineOf(src []byte, off int) int { return bytes.Count(src[:off], []byte("\n")) + 1 }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
