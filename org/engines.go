package org

import (
	"fmt"
	"strings"
)

// Formats lists the engine formats Render accepts besides "json".
var Formats = []string{"gha-matrix", "k8s-job", "gitlab"}

// GitLabMaxParallel is GitLab's limit on `parallel:`.
const GitLabMaxParallel = 200

// Render prints the plan for an engine: "json" (the plan itself), a GitHub
// Actions matrix strategy, a Kubernetes Indexed Job or a GitLab parallel job.
// planPath is where the engine's jobs find the plan.
func Render(p *Plan, format, planPath string) ([]byte, error) {
	var b strings.Builder
	switch format {
	case "", "json":
		return p.Encode(), nil
	case "gha-matrix":
		// Each job of a matrix is one shard; fail-fast false so that one
		// failed shard does not cancel the others.
		fmt.Fprintf(&b, "# tollgate org plan %s: %d shards, %d repositories, plan digest %s\n", p.Run, p.Shards, len(p.Repos), p.Digest)
		b.WriteString("strategy:\n  fail-fast: false\n  matrix:\n    shard: [")
		for i := range p.Shards {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprint(&b, i)
		}
		b.WriteString("]\n")
		fmt.Fprintf(&b, "env:\n  TOLLGATE_SHARD: ${{ matrix.shard }}\n")
		fmt.Fprintf(&b, "# step: tollgate org scan --plan %s --shard-from-env gha --out out\n", planPath)
	case "k8s-job":
		name := "tollgate-" + strings.ToLower(p.Run)
		if len(name) > 52 {
			name = name[:52]
		}
		parallel := min(p.Shards, 16)
		fmt.Fprintf(&b, `# tollgate org plan %s: %d shards, %d repositories, plan digest %s
apiVersion: batch/v1
kind: Job
metadata:
  name: %s
  labels:
    app.kubernetes.io/name: tollgate
spec:
  completionMode: Indexed
  completions: %d
  parallelism: %d
  backoffLimitPerIndex: 2
  maxFailedIndexes: %d
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: scan
          image: tollgate:%s
          command: ["tollgate", "org", "scan", "--plan", %q, "--shard-from-env", "k8s", "--out", "/out"]
          volumeMounts:
            - {name: clones, mountPath: /clones, readOnly: true}
            - {name: out, mountPath: /out}
      volumes:
        - name: clones
          persistentVolumeClaim: {claimName: tollgate-clones}
        - name: out
          persistentVolumeClaim: {claimName: tollgate-out}
`, p.Run, p.Shards, len(p.Repos), p.Digest, name, p.Shards, parallel, p.Shards, p.ToolVersion, planPath)
	case "gitlab":
		if p.Shards > GitLabMaxParallel {
			return nil, fmt.Errorf("gitlab: %d shards, over GitLab's parallel limit of %d", p.Shards, GitLabMaxParallel)
		}
		// GitLab's parallel: starts at 2; one shard is a plain job.
		parallel := ""
		if p.Shards > 1 {
			parallel = fmt.Sprintf("  parallel: %d\n", p.Shards)
		}
		fmt.Fprintf(&b, `# tollgate org plan %s: %d shards, %d repositories, plan digest %s
tollgate-org-scan:
  stage: test
%s  script:
    - tollgate org scan --plan %s --shard-from-env gitlab --out out
  artifacts:
    when: always
    paths:
      - out/
`, p.Run, p.Shards, len(p.Repos), p.Digest, parallel, planPath)
	default:
		return nil, fmt.Errorf("format %q: want json, %s", format, strings.Join(Formats, ", "))
	}
	return []byte(b.String()), nil
}

// ShardFromEnv reads the shard index an engine gives its job: Kubernetes'
// JOB_COMPLETION_INDEX (0-based), GitLab's CI_NODE_INDEX (1-based) or, for
// GitHub Actions, TOLLGATE_SHARD set from the matrix value.
func ShardFromEnv(engine string, getenv func(string) string) (int, error) {
	var name string
	base := 0
	switch engine {
	case "k8s":
		name = "JOB_COMPLETION_INDEX"
	case "gitlab":
		name, base = "CI_NODE_INDEX", 1
	case "gha":
		name = "TOLLGATE_SHARD"
	default:
		return 0, fmt.Errorf("shard-from-env %q: want k8s, gitlab or gha", engine)
	}
	v := getenv(name)
	if v == "" && engine == "gitlab" && getenv("CI_NODE_TOTAL") == "" {
		// A job without parallel: has no index: the single shard.
		return 0, nil
	}
	var i int
	if _, err := fmt.Sscanf(v, "%d", &i); err != nil || fmt.Sprint(i) != v {
		return 0, fmt.Errorf("%s=%q: want an integer", name, v)
	}
	if i-base < 0 {
		return 0, fmt.Errorf("%s=%d: below %d", name, i, base)
	}
	return i - base, nil
}
