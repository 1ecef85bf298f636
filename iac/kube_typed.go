package iac

import (
	"strings"

	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The kubernetes provider's typed workloads (kubernetes_deployment,
// kubernetes_job_v1, …) declare GPU capacity as their YAML counterparts
// do: an accelerator in a container's resources limits or requests, or a
// node selector on accelerator labels. Daemon sets count only by what they
// request, as in YAML: one that merely runs on GPU nodes is GPU software.

// kubeWorkloads are the typed workload resources, without the _v1/_v2
// suffix.
var kubeWorkloads = map[string]bool{
	"kubernetes_deployment": true, "kubernetes_stateful_set": true, "kubernetes_daemon_set": true,
	"kubernetes_daemonset": true, "kubernetes_job": true, "kubernetes_cron_job": true, "kubernetes_pod": true,
	"kubernetes_replication_controller": true,
}

// workloadAttrs are the attributes of a workload body whose keys name
// accelerators.
var workloadAttrs = map[string]bool{"limits": true, "requests": true, "node_selector": true}

func kubeWorkload(typ string) bool {
	typ = strings.TrimSuffix(strings.TrimSuffix(typ, "_v1"), "_v2")
	return kubeWorkloads[typ]
}

// workloadGPU classifies a typed Kubernetes workload by its containers'
// accelerator requests and its node selectors.
func (in *instance) workloadGPU(r *Resource) (kind, why string) {
	b, ok := r.Body.(*hclsyntax.Body)
	if !ok {
		return "", ""
	}
	daemon := strings.Contains(r.Type, "daemon")
	if w := in.bodyGPU(b, "", 0, daemon); w != "" {
		return "gpu", w
	}
	return "", ""
}

// bodyGPU walks a block body for the workloadAttrs that hold a GPU marker;
// requestsOnly leaves node selectors out.
func (in *instance) bodyGPU(b *hclsyntax.Body, at string, depth int, requestsOnly bool) string {
	if depth > 16 {
		return ""
	}
	for _, name := range sortedKeys(b.Attributes) {
		if !workloadAttrs[name] || requestsOnly && name == "node_selector" {
			continue
		}
		if w := in.gpuInExpr(b.Attributes[name].Expr, strings.TrimPrefix(at+"."+name, ".")); w != "" {
			return w
		}
	}
	for _, blk := range b.Blocks {
		name := blk.Type
		if blk.Type == "dynamic" && len(blk.Labels) == 1 {
			name = blk.Labels[0]
		}
		if w := in.bodyGPU(blk.Body, strings.TrimPrefix(at+"."+name, "."), depth+1, requestsOnly); w != "" {
			return w
		}
	}
	return ""
}
