package mlops

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"path"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/pipeline"
)

// ciTraining is a CI step that trains a model or runs the ML pipeline.
type ciTraining struct {
	Pipeline, Job string
	Where         finding.Location
	What          string
	// CT lists the triggers that start it and make it continuous
	// training: a schedule, a dispatch, a change of the data.
	CT []string
	// Triggers lists every trigger of its pipeline.
	Triggers []string
	// Eval is the evaluation that judges what it trained, nil when none.
	Eval *finding.Location
	// EvalWhat names the evaluation.
	EvalWhat string
}

var pipelineSourceRE = lazyre.New(`\$CI_PIPELINE_SOURCE\s*==\s*["']?([a-z_]+)`)

// ctEvents are the events that make a training run continuous training.
var ctEvents = map[string]bool{
	"schedule": true, "workflow_dispatch": true, "repository_dispatch": true,
	// GitLab pipeline sources.
	"trigger": true, "api": true, "web": true, "pipeline": true,
}

// trainings finds the steps of the pipelines that train, with the triggers
// that start them. A step trains when its command does (dvc repro, mlflow
// run, python train.py…) or when it runs a Python file that trains or
// submits a pipeline run.
func trainings(pls []*pipeline.Pipeline, src sourceScan) []ciTraining {
	var out []ciTraining
	for _, p := range pls {
		for _, j := range p.Jobs {
			seen := false
			for _, s := range j.AllSteps() {
				if seen {
					break
				}
				for _, l := range s.RunLines {
					what, ok := trainsIn(l.Text, src)
					if !ok {
						continue
					}
					pos := l.Pos
					if s.Origin != nil {
						pos = s.Where()
					}
					t := ciTraining{Pipeline: p.Path, Job: j.ID, What: what,
						Where: finding.Location{Path: cmpOr(pos.Path, p.Path), StartLine: pos.Line, StartCol: pos.Col}}
					t.Triggers, t.CT = jobTriggers(p, j)
					out = append(out, t)
					seen = true
					break
				}
			}
		}
	}
	return out
}

// trainsIn reports whether a command line trains, and what.
func trainsIn(line string, src sourceScan) (string, bool) {
	line = stripShellComment(line)
	if m := trainCmd.FindString(line); m != "" {
		return m, true
	}
	for _, m := range pythonRun.FindAllStringSubmatch(line, -1) {
		file := m[2]
		if m[1] != "" {
			file = strings.ReplaceAll(m[1], ".", "/") + ".py"
		}
		file = path.Clean(strings.TrimPrefix(file, "./"))
		for _, f := range src.byFile[file] {
			if f.Kind == factRunner || f.Kind == factProducesModel {
				return m[0], true
			}
		}
	}
	return "", false
}

func stripShellComment(line string) string {
	if strings.HasPrefix(strings.TrimSpace(line), "#") {
		return ""
	}
	if i := strings.Index(line, " #"); i >= 0 {
		return line[:i]
	}
	return line
}

// jobTriggers returns the events that start a job, and those of them that
// are continuous-training triggers. A reusable workflow takes its callers'
// triggers; a GitLab job with its own rules or only: takes those.
func jobTriggers(p *pipeline.Pipeline, j *pipeline.Job) (all, ct []string) {
	add := func(ev string) {
		if !slices.Contains(all, ev) {
			all = append(all, ev)
		}
		if ctEvents[ev] && !slices.Contains(ct, ev) {
			ct = append(ct, ev)
		}
	}
	pls := []*pipeline.Pipeline{p}
	if p.Reusable {
		for _, c := range p.Callers {
			if c.Pipeline != nil {
				pls = append(pls, c.Pipeline)
			}
		}
	}
	own := false
	if p.Kind == pipeline.GitLab {
		for _, ev := range gitlabJobSources(j) {
			own = true
			add(ev)
		}
		if dataChanges(j.Changes) {
			own = true
			add("push")
			ct = append(ct, "push (data paths)")
		}
	}
	if own {
		return all, ct
	}
	for _, pl := range pls {
		for _, t := range pl.Triggers {
			if t.Event == "workflow_call" {
				continue
			}
			add(t.Event)
			if t.Event == "push" && pl.Kind == pipeline.GitHub && dataChanges(pl.PushPaths) && !slices.Contains(ct, "push (data paths)") {
				ct = append(ct, "push (data paths)")
			}
		}
	}
	return all, ct
}

// gitlabJobSources reads the pipeline sources a GitLab job's own rules or
// only: name.
func gitlabJobSources(j *pipeline.Job) []string {
	var out []string
	for _, cond := range j.RuleIfs {
		for _, s := range pipelineSourceRE.FindAllStringSubmatch(cond, -1) {
			out = append(out, s[1])
		}
	}
	for _, w := range j.Only {
		switch w {
		case "schedules":
			out = append(out, "schedule")
		case "triggers":
			out = append(out, "trigger")
		case "web", "api", "pipelines":
			out = append(out, strings.TrimSuffix(w, "s"))
		}
	}
	return out
}

// dataChanges reports whether a path filter names the model's data or its
// versioning: .dvc files, dvc.lock, params files, a data directory.
func dataChanges(ps []string) bool {
	for _, p := range ps {
		l := strings.ToLower(p)
		if strings.HasSuffix(l, ".dvc") || strings.Contains(l, "dvc.lock") || strings.Contains(l, "params.") ||
			strings.HasPrefix(l, "data/") || strings.Contains(l, "/data/") || strings.Contains(l, "dataset") ||
			Classify(strings.TrimSuffix(l, "*")) == Data {
			return true
		}
	}
	return false
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
