package mlops

import (
	"bytes"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"io/fs"
	"path"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

// Bounds on the Python sources read: the scan reads at most MaxSourceFiles
// files of at most MaxSourceSize bytes each, and only those whose bytes
// mention one of the names in sourceHints.
const (
	MaxSourceFiles = 5000
	MaxSourceSize  = 1 << 20
)

// Facts the source scan and the file scan give, each a relationship the
// stages are computed from (see stages.go). Tool names and roles go to the
// tool list; facts go to the levels.
const (
	factProducesModel = "pipeline produces a model"  // a pipeline definition with a training step
	factModelVersion  = "model versioned"            // registry, DVC output, GTO, LFS
	factDataVersion   = "data versioned"             // DVC, LFS, dataset registry, feature store
	factPipelineEval  = "evaluation in the pipeline" // a pipeline step that blocks on metrics
	factRunner        = "submits a pipeline run"     // a script that starts the training pipeline
	factMonitor       = "monitoring"                 // drift or model-quality monitoring
	factAlert         = "alerting"                   // monitoring wired to alerts
	factRetrain       = "retraining trigger"         // code that starts a pipeline run
)

// srcPattern is a regexp over a source line and what a match means: a tool
// with its role, and optionally a fact.
type srcPattern struct {
	re   *lazyre.Regexp
	tool string
	role string
	fact string
	// needs, when set, must occur somewhere in the file (an import),
	// so that a common name (Trainer, Pipeline) counts only in context.
	needs *lazyre.Regexp
}

var (
	needTFX       = lazyre.New(`(?m)^\s*(from|import)\s+tfx\b`)
	needKFP       = lazyre.New(`(?m)^\s*(from|import)\s+kfp\b`)
	needAzureML   = lazyre.New(`(?m)^\s*(from|import)\s+(azureml|azure\.ai\.ml)\b`)
	needSageMaker = lazyre.New(`(?m)^\s*(from|import)\s+sagemaker\b`)
	needVertex    = lazyre.New(`(?m)^\s*(from|import)\s+google\.cloud(\.aiplatform|\s+import\s+aiplatform)`)
	needMLflow    = lazyre.New(`(?m)^\s*(from|import)\s+mlflow\b`)
	needWandb     = lazyre.New(`(?m)^\s*(from|import)\s+wandb\b`)
)

// srcPatterns are matched line by line against Python sources.
var srcPatterns = []srcPattern{
	// MLflow.
	{re: lazyre.New(`\bmlflow\.(start_run|log_metrics?|log_params?|set_experiment|set_tracking_uri|autolog|log_artifacts?)\(`), tool: "mlflow", role: "tracking"},
	{re: lazyre.New(`\bmlflow\.(\w+\.)?(log_model|save_model)\(|\bmlflow\.(\w+\.)?autolog\(`), tool: "mlflow", role: "tracking", fact: factProducesModel + "?"},
	{re: lazyre.New(`\bmlflow\.register_model\(|\bregistered_model_name\s*=|\.(create_model_version|transition_model_version_stage|set_registered_model_alias|create_registered_model)\(`), tool: "mlflow", role: "registry", fact: factModelVersion, needs: needMLflow},
	// Weights & Biases.
	{re: lazyre.New(`\bwandb\.(init|log)\(`), tool: "wandb", role: "tracking"},
	{re: lazyre.New(`\b(wandb\.log_model|\.link_model|\.link_artifact)\(`), tool: "wandb", role: "registry", fact: factModelVersion, needs: needWandb},
	// Kubeflow Pipelines and Vertex AI Pipelines.
	{re: lazyre.New(`^\s*(from|import)\s+kfp\b`), tool: "kubeflow", role: "pipeline"},
	{re: lazyre.New(`^\s*@(kfp\.)?(dsl\.)?pipeline\b`), tool: "kubeflow", role: "pipeline", fact: factProducesModel + "?", needs: needKFP},
	{re: lazyre.New(`\bOutput\[\s*(dsl\.)?Model\s*\]`), tool: "kubeflow", role: "pipeline", fact: factProducesModel, needs: needKFP},
	{re: lazyre.New(`\bdsl\.(Condition|If)\(`), tool: "kubeflow", role: "pipeline", fact: factPipelineEval, needs: needKFP},
	{re: lazyre.New(`\b(create_run_from_pipeline_func|create_run_from_pipeline_package|create_run_from_job_spec|run_pipeline)\(|\bPipelineJob\(`), tool: "kubeflow", role: "pipeline", fact: factRunner},
	// TFX.
	{re: lazyre.New(`^\s*(from|import)\s+tfx\b`), tool: "tfx", role: "pipeline"},
	{re: lazyre.New(`\bTrainer\(`), tool: "tfx", role: "pipeline", fact: factProducesModel, needs: needTFX},
	{re: lazyre.New(`\bEvaluator\(`), tool: "tfx", role: "pipeline", fact: factPipelineEval, needs: needTFX},
	{re: lazyre.New(`\bPusher\(`), tool: "tfx", role: "serving", needs: needTFX},
	{re: lazyre.New(`\b(LocalDagRunner|KubeflowV2DagRunner|KubeflowDagRunner)\(\)?\.run\(|\brunner\.run\(`), tool: "tfx", role: "pipeline", fact: factRunner, needs: needTFX},
	// Vertex AI.
	{re: lazyre.New(`\b(aiplatform\.)?Model\.upload(_\w+)?\(|\bModelUploadOp\(|\.upload_model\(`), tool: "vertex-ai", role: "registry", fact: factModelVersion, needs: needVertex},
	{re: lazyre.New(`\b(Tabular|Image|Text|Video|TimeSeries)Dataset\.create\(`), tool: "vertex-ai", role: "versioning", fact: factDataVersion, needs: needVertex},
	{re: lazyre.New(`\bModelDeploymentMonitoringJob\b|\bmodel_monitoring\.\w+\(`), tool: "vertex-ai", role: "monitoring", fact: factMonitor, needs: needVertex},
	// Azure Machine Learning.
	{re: lazyre.New(`^\s*from\s+azureml\.pipeline\b`), tool: "azureml", role: "pipeline"},
	{re: lazyre.New(`\bPythonScriptStep\(|\bcommand\(`), tool: "azureml", role: "pipeline", fact: factProducesModel + "?", needs: needAzureML},
	{re: lazyre.New(`Model\.register\(|\.register_model\(|\bml_client\.models\.create_or_update\(`), tool: "azureml", role: "registry", fact: factModelVersion, needs: needAzureML},
	{re: lazyre.New(`\bcreate_new_version\s*=\s*True|\bml_client\.data\.create_or_update\(`), tool: "azureml", role: "versioning", fact: factDataVersion, needs: needAzureML},
	{re: lazyre.New(`\.(publish|submit)\(|\bml_client\.jobs\.create_or_update\(`), tool: "azureml", role: "pipeline", fact: factRunner, needs: needAzureML},
	{re: lazyre.New(`\bDataDriftDetector\b`), tool: "azureml", role: "monitoring", fact: factMonitor, needs: needAzureML},
	// SageMaker.
	{re: lazyre.New(`^\s*from\s+sagemaker\.workflow\b`), tool: "sagemaker", role: "pipeline"},
	{re: lazyre.New(`\bTrainingStep\(`), tool: "sagemaker", role: "pipeline", fact: factProducesModel, needs: needSageMaker},
	{re: lazyre.New(`\bConditionStep\(`), tool: "sagemaker", role: "pipeline", fact: factPipelineEval, needs: needSageMaker},
	{re: lazyre.New(`\bRegisterModel\(|\bmodel_package_group_name\s*=|\.create_model_package\(`), tool: "sagemaker", role: "registry", fact: factModelVersion, needs: needSageMaker},
	{re: lazyre.New(`\.start_pipeline_execution\(|\bpipeline\.start\(`), tool: "sagemaker", role: "pipeline", fact: factRunner},
	{re: lazyre.New(`\b(DefaultModelMonitor|ModelQualityMonitor|ModelBiasMonitor)\(|\.create_monitoring_schedule\(`), tool: "sagemaker", role: "monitoring", fact: factMonitor, needs: needSageMaker},
	// DVC from Python.
	{re: lazyre.New(`\bdvc\.api\.(open|read|get_url|params_show)\(`), tool: "dvc", role: "versioning", fact: factDataVersion},
	// Feature stores and lineage.
	{re: lazyre.New(`^\s*(from|import)\s+feast\b`), tool: "feast", role: "feature-store"},
	{re: lazyre.New(`^\s*(from|import)\s+openlineage\b`), tool: "openlineage", role: "lineage"},
	// Orchestrators.
	{re: lazyre.New(`^\s*(from|import)\s+zenml\b`), tool: "zenml", role: "pipeline"},
	{re: lazyre.New(`^\s*(from|import)\s+metaflow\b`), tool: "metaflow", role: "pipeline"},
	// Monitoring libraries: an import is a tool; a report or a test suite
	// computed is monitoring.
	{re: lazyre.New(`^\s*(from|import)\s+(evidently|whylogs|alibi_detect|nannyml|deepchecks)\b`), tool: "monitoring", role: "monitoring"},
	{re: lazyre.New(`\b(DataDriftPreset|DataDriftTable|TestSuite|why\.log|KSDrift|MMDDrift|TabularDrift|DataDriftDetector|nannyml\.\w+Calculator)\b`), tool: "monitoring", role: "monitoring", fact: factMonitor},
	// Serving.
	{re: lazyre.New(`^\s*(from|import)\s+(bentoml|seldon_core|kserve|mlserver)\b`), tool: "serving", role: "serving"},
}

// alertRE finds monitoring wired to alerts in a file that monitors.
var alertRE = lazyre.New(`\b(EmailAlertConfig|alert_config|AlertConfig|notification_channels|put_metric_alarm|send_alert|alert_emails?|SlackWebhook|slack_webhook|pagerduty)\b`)

// sourceHints is the cheap prefilter: a file is matched line by line only
// when it contains one of these.
var sourceHints = [][]byte{
	[]byte("mlflow"), []byte("wandb"), []byte("kfp"), []byte("tfx"), []byte("aiplatform"), []byte("azureml"),
	[]byte("azure.ai.ml"), []byte("sagemaker"), []byte("dvc"), []byte("feast"), []byte("openlineage"), []byte("zenml"),
	[]byte("metaflow"), []byte("evidently"), []byte("whylogs"), []byte("alibi_detect"), []byte("nannyml"),
	[]byte("deepchecks"), []byte("bentoml"), []byte("seldon"), []byte("kserve"), []byte("mlserver"),
	[]byte("from_pretrained"), []byte("hf_hub_download"), []byte("snapshot_download"), []byte("pipeline("),
}

// fact is one relationship seen, with where.
type fact struct {
	Kind  string
	Where finding.Location
	What  string
	// Tool is the tool the fact belongs to, when one does.
	Tool string
}

// toolHit is one sighting of a tool.
type toolHit struct {
	Tool, Role string
	Where      finding.Location
	What       string
}

// sourceScan is what the Python sources say.
type sourceScan struct {
	tools    []toolHit
	facts    []fact
	findings []finding.Finding
	// byFile lists the facts of each file, for the CI commands that run
	// a file (python x.py).
	byFile map[string][]fact
	// read is the number of files read; skipped the number left unread
	// over the caps.
	read, skipped int
}

// scanSources reads the Python files of the tree (through fsys, capped) and
// matches the patterns.
func scanSources(fsys fs.FS, tree []File) sourceScan {
	out := sourceScan{byFile: map[string][]fact{}}
	for _, f := range tree {
		if !strings.HasSuffix(f.Path, ".py") || isVendored(f.Path) {
			continue
		}
		if f.Size > MaxSourceSize || out.read >= MaxSourceFiles {
			out.skipped++
			continue
		}
		src, err := fs.ReadFile(fsys, f.Path)
		if err != nil {
			continue
		}
		out.read++
		hinted := false
		for _, h := range sourceHints {
			if bytes.Contains(src, h) {
				hinted = true
				break
			}
		}
		if !hinted {
			continue
		}
		out.scanFile(f.Path, src)
	}
	return out
}

// isVendored reports paths of third-party code kept in the tree.
func isVendored(p string) bool {
	for _, seg := range strings.Split(path.Dir(p), "/") {
		switch seg {
		case "site-packages", "node_modules", "vendor", ".venv", "venv", "third_party":
			return true
		}
	}
	return false
}

func (s *sourceScan) scanFile(p string, src []byte) {
	lines := strings.Split(string(src), "\n")
	seen := map[string]bool{}
	var monitors []fact
	var alerts, runners []fact
	for i, line := range lines {
		code := stripPyComment(line)
		if strings.TrimSpace(code) == "" {
			continue
		}
		for _, pt := range srcPatterns {
			m := pt.re.FindStringIndex(code)
			if m == nil {
				continue
			}
			if pt.needs != nil && !pt.needs.Match(src) {
				continue
			}
			loc := finding.Location{Path: p, StartLine: i + 1, StartCol: m[0] + 1}
			what := strings.TrimSpace(code[m[0]:m[1]])
			if k := pt.tool + "\x00" + pt.role; !seen[k] {
				seen[k] = true
				s.tools = append(s.tools, toolHit{Tool: pt.tool, Role: pt.role, Where: loc, What: what})
			}
			if pt.fact == "" {
				continue
			}
			kind := pt.fact
			if strings.HasSuffix(kind, "?") {
				// A pipeline or a model logging call produces a model
				// only when the file trains: a training word in it.
				if !trainsRE.Match(src) {
					continue
				}
				kind = strings.TrimSuffix(kind, "?")
			}
			ft := fact{Kind: kind, Where: loc, What: what, Tool: pt.tool}
			if k := "f\x00" + kind + "\x00" + pt.tool; !seen[k] {
				seen[k] = true
				s.facts = append(s.facts, ft)
				s.byFile[p] = append(s.byFile[p], ft)
			}
			switch kind {
			case factMonitor:
				monitors = append(monitors, ft)
			case factRunner:
				runners = append(runners, ft)
			}
		}
		if m := alertRE.FindStringIndex(code); m != nil {
			alerts = append(alerts, fact{Kind: factAlert, Where: finding.Location{Path: p, StartLine: i + 1, StartCol: m[0] + 1}, What: code[m[0]:m[1]]})
		}
	}
	// Monitoring is wired when the same file alerts or starts a run.
	if len(monitors) > 0 {
		if len(alerts) > 0 {
			s.facts = append(s.facts, alerts[0])
			s.byFile[p] = append(s.byFile[p], alerts[0])
		}
		if len(runners) > 0 {
			r := runners[0]
			r.Kind = factRetrain
			s.facts = append(s.facts, r)
			s.byFile[p] = append(s.byFile[p], r)
		}
	}
	s.findings = append(s.findings, unpinnedDownloads(p, src)...)
}

// trainsRE says a file trains a model.
var trainsRE = lazyre.New(`(?i)\btrain(er|ing)?\b|\.fit\(|train_\w+|\w+_train\b`)

// stripPyComment drops a trailing # comment outside string literals.
func stripPyComment(line string) string {
	var quote byte
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			return line[:i]
		}
	}
	return line
}
