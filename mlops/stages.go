package mlops

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// The maturity stages. Each is a relationship between the pieces of the
// repository, never the presence of a tool or a package; a stage is reached
// only when every stage below it is.
//
//   - 0, manual: machine-learning assets exist (models, cards, ML tools or
//     pipelines) and stage 1 is not reached.
//   - 1, versioned pipeline: a pipeline definition that produces a model —
//     a DVC stage whose outputs hold a model or whose command trains, an
//     MLflow project whose code logs a model, a Kubeflow, TFX, Azure ML or
//     SageMaker pipeline with a training step — and the model is versioned
//     (a DVC output locked in dvc.lock or a .dvc file, a model registry
//     call, a DVC artifact or GTO, Git LFS), and so is the data (a .dvc
//     file, Git LFS, a dataset registry, a feature store).
//   - 2, continuous training: a CI job runs that training (dvc repro,
//     mlflow run, python train.py, a script that submits the pipeline) on a
//     trigger that retrains without a code change — a schedule, a dispatch
//     (workflow_dispatch, repository_dispatch; GitLab trigger, api, web), or
//     a push filtered to data paths (.dvc, dvc.lock, params, data/) — and an
//     evaluation judges what it trained: a blocking evaluation gate of the
//     gate inventory in the same pipeline, or an evaluation step inside the
//     submitted pipeline (TFX Evaluator, SageMaker ConditionStep, KFP
//     dsl.Condition). A workflow that installs ML packages is not training.
//   - 3, continuous delivery: a deploy of a model (the gate inventory's
//     deploys with Model set) depends through the job graph on a blocking
//     evaluation gate (its GatedBy names "evaluation"): the evaluation
//     upstream of the deploy in the same pipeline run is taken to judge the
//     model that run deploys.
//   - 4, monitored: drift or model-quality monitoring (Evidently,
//     whylogs, alibi-detect, NannyML, SageMaker Model Monitor, Vertex AI
//     model monitoring, Azure ML data drift) wired to alerts (an alert
//     configuration in the monitoring code) or to retraining (the
//     monitoring code starts a pipeline run, or a CI pipeline that runs the
//     monitoring also trains).
//
// Caps: a placebo evaluation gate (one that cannot fail) caps the stage at
// 2; any mlops/no-eval-gate finding caps it at 1, so that a stage of 2 or
// more never stands beside a model trained or deployed unevaluated. Cap
// names a cap only when it lowered the stage.
const (
	StageNone     = -1
	StageManual   = 0
	StagePipeline = 1
	StageCT       = 2
	StageCD       = 3
	StageMonitor  = 4
)

// stageNames are the names of stages 1 to 4.
var stageNames = map[int]string{
	StagePipeline: "versioned ML pipeline",
	StageCT:       "continuous training",
	StageCD:       "continuous delivery",
	StageMonitor:  "monitored",
}

// LevelName describes a maturity stage.
func LevelName(l int) string {
	switch l {
	case StageManual:
		return "level 0: manual process"
	case StagePipeline, StageCT, StageCD, StageMonitor:
		return fmt.Sprintf("level %d: %s", l, stageNames[l])
	}
	return "no machine-learning assets found"
}

// maxLevelEvidence is how many places each level names.
const maxLevelEvidence = 5

// relations are the relationships the stages are computed from.
type relations struct {
	produces, modelVer, dataVer []report.MLOpsEvidence
	trainings                   []ciTraining
	pipelineEval                []report.MLOpsEvidence
	inv                         *report.GateInventory
	monitors, wired             []report.MLOpsEvidence
}

func ev(loc finding.Location, what string) report.MLOpsEvidence {
	return report.MLOpsEvidence{Location: loc, What: what}
}

// gather builds the relations from what the scans found.
func gather(cfg configScan, src sourceScan, arts []Artifact, tags []string, trains []ciTraining, inv *report.GateInventory) *relations {
	r := &relations{inv: inv, trainings: trains}
	hasMLproject := false
	facts := append(slices.Clone(cfg.facts), src.facts...)
	for _, f := range facts {
		if f.Kind == "mlproject" {
			hasMLproject = true
		}
	}
	for _, f := range facts {
		e := ev(f.Where, f.What)
		switch f.Kind {
		case factProducesModel:
			if f.Tool == "mlflow" && !hasMLproject {
				continue // a script that logs a model is not a pipeline
			}
			r.produces = append(r.produces, e)
		case factModelVersion:
			r.modelVer = append(r.modelVer, e)
		case factDataVersion:
			r.dataVer = append(r.dataVer, e)
		case factPipelineEval:
			r.pipelineEval = append(r.pipelineEval, e)
		case factMonitor:
			r.monitors = append(r.monitors, e)
		case factAlert, factRetrain:
			r.wired = append(r.wired, ev(f.Where, f.Kind+": "+f.What))
		}
	}
	for _, s := range cfg.stages {
		loc := finding.Location{Path: s.File, StartLine: s.Line}
		var models []string
		for _, o := range s.Outs {
			if Classify(o) == Model || modelish(o) {
				models = append(models, o)
			}
		}
		trains := trainCmd.MatchString(s.Cmd) || strings.Contains(strings.ToLower(s.Name), "train")
		if len(models) > 0 || trains && len(s.Outs) > 0 {
			outs := models
			if len(outs) == 0 {
				outs = s.Outs
			}
			r.produces = append(r.produces, ev(loc, fmt.Sprintf("dvc stage %q outputs %s", s.Name, strings.Join(outs, ", "))))
			if cfg.hasLock {
				r.modelVer = append(r.modelVer, ev(loc, fmt.Sprintf("%s: dvc output, version locked in dvc.lock", strings.Join(outs, ", "))))
			}
		}
		for _, d := range s.Deps {
			if dvcFile, ok := cfg.dvcOuts[d]; ok {
				r.dataVer = append(r.dataVer, ev(finding.Location{Path: dvcFile, StartLine: 1}, fmt.Sprintf("%s: dvc-tracked input of stage %q", d, s.Name)))
			}
		}
	}
	outs := make([]string, 0, len(cfg.dvcOuts))
	for o := range cfg.dvcOuts {
		outs = append(outs, o)
	}
	slices.Sort(outs)
	for _, o := range outs {
		loc := finding.Location{Path: cfg.dvcOuts[o], StartLine: 1}
		if Classify(o) == Model {
			r.modelVer = append(r.modelVer, ev(loc, o+": tracked by dvc"))
		} else {
			r.dataVer = append(r.dataVer, ev(loc, o+": tracked by dvc"))
		}
	}
	for _, a := range arts {
		if a.Storage == "git" {
			continue
		}
		e := ev(finding.Location{Path: a.Path}, a.Path+": Git LFS")
		if a.Kind == Model {
			r.modelVer = append(r.modelVer, e)
		} else {
			r.dataVer = append(r.dataVer, e)
		}
	}
	for _, t := range tags {
		r.modelVer = append(r.modelVer, ev(finding.Location{Path: "refs/tags/" + t}, "gto tag "+t))
	}
	// A CI pipeline that runs monitoring and trains is monitoring wired to
	// retraining.
	for _, t := range trains {
		for _, m := range r.monitors {
			if strings.Contains(t.What, path.Base(m.Location.Path)) {
				r.wired = append(r.wired, ev(t.Where, "retraining: "+t.What))
			}
		}
	}
	return r
}

// stageResult is the computed stage with its levels, cap and findings.
type stageResult struct {
	level    int
	levels   []report.MLOpsLevel
	cap      string
	findings []finding.Finding
}

// evaluated returns the evaluation that judges a training, if any.
func (r *relations) evaluated(t ciTraining) (*report.MLOpsEvidence, *report.QualityGate) {
	var placebo *report.QualityGate
	for i, g := range r.inv.Gates {
		if g.Kind != "evaluation" || g.Pipeline != t.Pipeline {
			continue
		}
		if g.Placebo != "" {
			placebo = &r.inv.Gates[i]
			continue
		}
		e := ev(g.Location, fmt.Sprintf("evaluation gate %q (%s) in %s", cmpOr(g.Step, g.Job), g.Tool, g.Pipeline))
		return &e, nil
	}
	if !trainCmd.MatchString(t.What) && len(r.pipelineEval) > 0 {
		e := r.pipelineEval[0]
		e.What = "evaluation step in the submitted pipeline: " + e.What
		return &e, nil
	}
	return nil, placebo
}

// compute places the repository on the stages.
func (r *relations) compute(hasAssets bool) stageResult {
	var out stageResult
	if !hasAssets {
		out.level = StageNone
		return out
	}
	met := map[int]bool{}
	evs := map[int][]report.MLOpsEvidence{}
	missing := map[int]string{}

	// Level 1.
	var miss []string
	if len(r.produces) == 0 {
		miss = append(miss, "a pipeline definition that produces the model (dvc.yaml stage, MLproject, Kubeflow/TFX/Azure ML/SageMaker pipeline)")
	}
	if len(r.modelVer) == 0 {
		miss = append(miss, "a versioned model (dvc output with dvc.lock, model registry, GTO, Git LFS)")
	}
	if len(r.dataVer) == 0 {
		miss = append(miss, "versioned data (.dvc file, Git LFS, dataset registry, feature store)")
	}
	evs[1] = append(append(append([]report.MLOpsEvidence{}, r.produces...), r.modelVer...), r.dataVer...)
	met[1] = len(miss) == 0
	if !met[1] {
		missing[1] = "needs " + strings.Join(miss, "; ")
	}

	// Level 2, and no-eval-gate for trainings nothing evaluates.
	var ctNoTrigger []string
	for _, t := range r.trainings {
		e, placebo := r.evaluated(t)
		if e == nil {
			msg := fmt.Sprintf("job %q trains a model (%q) and nothing in its pipeline evaluates it", t.Job, t.What)
			if placebo != nil {
				msg = fmt.Sprintf("job %q trains a model (%q) and its only evaluation gate cannot fail (%s)", t.Job, t.What, placebo.Placebo)
			}
			fd := NoEvalGate.New(t.Where, "%s", msg)
			fd.Evidence = map[string]string{"command": t.What, "pipeline": t.Pipeline}
			out.findings = append(out.findings, fd)
		}
		if len(t.CT) == 0 {
			ctNoTrigger = append(ctNoTrigger, fmt.Sprintf("%s#%s runs on %s", t.Pipeline, t.Job, strings.Join(t.Triggers, ", ")))
			continue
		}
		if e == nil {
			continue
		}
		evs[2] = append(evs[2], ev(t.Where, fmt.Sprintf("job %q retrains (%s) on %s", t.Job, t.What, strings.Join(t.CT, ", "))), *e)
		met[2] = true
	}
	if !met[2] {
		switch {
		case len(r.trainings) == 0:
			missing[2] = "needs a CI job that runs the training pipeline on a schedule, a dispatch or a data change"
		case len(ctNoTrigger) > 0 && len(out.findings) == 0:
			missing[2] = "training runs in CI only on code events (" + strings.Join(ctNoTrigger, "; ") + "); needs a schedule, a dispatch or a data-change trigger"
		default:
			missing[2] = "needs an evaluation that judges the retrained model in the same pipeline"
		}
	}

	// Level 3, and no-eval-gate for model deploys with no blocking
	// evaluation before them.
	var placeboGates []report.QualityGate
	for _, g := range r.inv.Gates {
		if g.Kind == "evaluation" && g.Placebo != "" {
			placeboGates = append(placeboGates, g)
		}
	}
	modelDeploys := 0
	for _, d := range r.inv.Deploys {
		if !d.Model {
			continue
		}
		modelDeploys++
		id := d.Pipeline + "#" + d.Job
		if slices.Contains(d.GatedBy, "evaluation") {
			var gate *report.QualityGate
			for i, g := range r.inv.Gates {
				if g.Kind == "evaluation" && g.Placebo == "" && slices.Contains(g.Blocks, id) {
					gate = &r.inv.Gates[i]
					break
				}
			}
			what := fmt.Sprintf("job %q deploys a model (%s) after a blocking evaluation gate", d.Job, d.What)
			evs[3] = append(evs[3], ev(d.Location, what))
			if gate != nil {
				evs[3] = append(evs[3], ev(gate.Location, fmt.Sprintf("evaluation gate %q (%s) blocks %s", cmpOr(gate.Step, gate.Job), gate.Tool, id)))
			}
			met[3] = true
			continue
		}
		msg := fmt.Sprintf("job %q deploys a model (%q) with no blocking evaluation gate before it", d.Job, d.What)
		for _, g := range placeboGates {
			// The inventory lists in Blocks only the deploys a gate can
			// stop; a placebo gate upstream is named by its pipeline.
			if slices.Contains(g.Blocks, id) || g.Pipeline == d.Pipeline {
				msg = fmt.Sprintf("job %q deploys a model (%q) and its evaluation gate %q cannot fail (%s)", d.Job, d.What, cmpOr(g.Step, g.Job), g.Placebo)
				break
			}
		}
		fd := NoEvalGate.New(d.Location, "%s", msg)
		fd.Evidence = map[string]string{"command": d.What, "pipeline": d.Pipeline}
		out.findings = append(out.findings, fd)
	}
	if !met[3] {
		if modelDeploys == 0 {
			missing[3] = "needs a CI deploy of the model (endpoint update, registry promotion, model upload) that depends on a blocking evaluation gate"
		} else {
			missing[3] = "needs the model's deploy to depend, through the job graph, on an evaluation gate that can fail"
		}
	}

	// Level 4.
	if len(r.monitors) > 0 && len(r.wired) > 0 {
		met[4] = true
		evs[4] = append(append(evs[4], r.monitors...), r.wired...)
	} else if len(r.monitors) > 0 {
		evs[4] = r.monitors
		missing[4] = "monitoring is computed but wired to neither alerts nor retraining"
	} else {
		missing[4] = "needs drift or model-quality monitoring wired to alerts or retraining"
	}

	// Stages are cumulative.
	out.level = StageManual
	for l := 1; l <= StageMonitor; l++ {
		lv := report.MLOpsLevel{Level: l, Name: stageNames[l], Missing: missing[l]}
		e := evs[l]
		if len(e) > maxLevelEvidence {
			e = e[:maxLevelEvidence]
		}
		lv.Evidence = e
		if met[l] && out.level == l-1 {
			lv.Reached = true
			out.level = l
		} else if met[l] {
			lv.Missing = fmt.Sprintf("its own relationship holds, but level %d is not reached", l-1)
		}
		out.levels = append(out.levels, lv)
	}

	// Caps.
	// A cap is named only when it lowers the stage; a placebo gate that
	// holds nothing down is still named in level 3's missing line.
	var caps []string
	if len(placeboGates) > 0 {
		g := placeboGates[0]
		why := fmt.Sprintf("the evaluation gate %q in %s cannot fail (%s)", cmpOr(g.Step, g.Job), g.Pipeline, g.Placebo)
		if out.level > StageCT {
			caps = append(caps, why+", so the stage is capped below 3")
			out.level = StageCT
		} else if !met[3] {
			out.levels[2].Missing += "; " + why
		}
	}
	if len(out.findings) > 0 && out.level > StagePipeline {
		caps = append(caps, "a model is trained or deployed with no evaluation gate (mlops/no-eval-gate), so the stage is capped at 1")
		out.level = StagePipeline
	}
	if len(caps) > 0 {
		for i := range out.levels {
			if out.levels[i].Level > out.level && out.levels[i].Reached {
				out.levels[i].Reached = false
				out.levels[i].Missing = "capped: " + strings.Join(caps, "; ")
			}
		}
		out.cap = strings.Join(caps, "; ")
	}
	return out
}
