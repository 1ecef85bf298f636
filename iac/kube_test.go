package iac

import (
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

const kubeNodePool = `apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: gpu
spec:
  template:
    metadata:
      labels:
        cost-center: CC-1
        owner: ml
    spec:
      requirements:
        - key: karpenter.k8s.aws/instance-family
          operator: In
          values: ["m5", "g5"]
---
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: cpu
spec:
  template:
    spec:
      requirements:
        - key: karpenter.k8s.aws/instance-family
          operator: In
          values: ["m5", "c5"]
        - key: karpenter.k8s.aws/instance-family
          operator: NotIn
          values: ["p4d"]
`

const kubeJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: train
  labels:
    owner: ml
spec:
  template:
    spec:
      nodeSelector:
        cloud.google.com/gke-accelerator: nvidia-l4
      containers:
        - name: t
          resources:
            limits:
              nvidia.com/gpu: 1
`

// TestKubeInventory checks the GPU capacity read from Kubernetes YAML: a
// Karpenter NodePool asking for a GPU family (its template's labels judged),
// a workload with a GPU node selector; not a CPU NodePool, not a workflow,
// not a Helm template that is not YAML.
func TestKubeInventory(t *testing.T) {
	fsys := fstest.MapFS{
		"k8s/nodepools.yaml":          {Data: []byte(kubeNodePool)},
		"k8s/job.yml":                 {Data: []byte(kubeJob)},
		".github/workflows/gpu.yml":   {Data: []byte("on: push\njobs: {a: {runs-on: nvidia.com/gpu}}\n")},
		"chart/templates/deploy.yaml": {Data: []byte("apiVersion: v1\nkind: Pod\n{{- if .Values.gpu }}\n  nvidia.com/gpu: 1\n{{- end }}\n")},
		"docs/readme.yaml":            {Data: []byte("text: nvidia.com/gpu\n")},
	}
	files := []string{".github/workflows/gpu.yml", "chart/templates/deploy.yaml", "docs/readme.yaml", "k8s/job.yml", "k8s/nodepools.yaml"}
	type row struct {
		Path        string
		Line        int
		Addr, Type  string
		Why, Status string
	}
	var got []row
	for _, a := range KubeInventory(fsys, files, []string{"cost-center", "owner"}) {
		got = append(got, row{a.Location.Path, a.Location.StartLine, a.Address, a.Type, a.Why, a.TagStatus})
	}
	want := []row{
		{"k8s/job.yml", 1, "Job/train", "kubernetes batch/v1 Job", "spec.template.spec.nodeSelector.cloud.google.com/gke-accelerator", "fail"},
		{"k8s/nodepools.yaml", 1, "NodePool/gpu", "kubernetes karpenter.sh/v1 NodePool",
			"spec.template.spec.requirements karpenter.k8s.aws/instance-family In g5", "pass"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("inventory (-want +got):\n%s", d)
	}
}

const kubeTemplate = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    spec:
      volumes:
%{ for s in secrets ~}
        - name: ${s}
%{ endfor ~}
      containers:
        - name: server
          resources:
            limits:
              nvidia.com/gpu: ${gpu_count}
`

const kubeDaemonSets = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: exporter
spec:
  template:
    spec:
      nodeSelector:
        cloud.google.com/gke-accelerator: nvidia-l4
      tolerations:
        - key: nvidia.com/gpu
          operator: Exists
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      nodeSelector:
        cloud.google.com/gke-accelerator: nvidia-l4
      containers:
        - name: a
          resources:
            requests:
              nvidia.com/gpu: 1
`

// TestKubeTemplatesAndDaemonSets checks that a Terraform template of a
// manifest is read with its directive lines blanked (line numbers kept),
// that a daemon set counts only by the accelerators it requests, and that
// a shell template is not read as a manifest.
func TestKubeTemplatesAndDaemonSets(t *testing.T) {
	fsys := fstest.MapFS{
		"tpl/serve.yaml.tftpl": {Data: []byte(kubeTemplate)},
		"tpl/ds.yaml":          {Data: []byte(kubeDaemonSets)},
		"tpl/init.sh.tpl":      {Data: []byte("apiVersion: v1\nkind: Pod\nx: nvidia.com/gpu\n")},
	}
	files := []string{"tpl/ds.yaml", "tpl/init.sh.tpl", "tpl/serve.yaml.tftpl"}
	type row struct {
		Path string
		Line int
		Addr string
		Why  string
	}
	var got []row
	for _, a := range KubeInventory(fsys, files, []string{"owner"}) {
		got = append(got, row{a.Location.Path, a.Location.StartLine, a.Address, a.Why})
	}
	want := []row{
		{"tpl/ds.yaml", 14, "DaemonSet/agent", "spec.template.spec.containers.resources.requests.nvidia.com/gpu"},
		{"tpl/serve.yaml.tftpl", 1, "Deployment/${name}", "spec.template.spec.containers.resources.limits.nvidia.com/gpu"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("inventory (-want +got):\n%s", d)
	}
	if got := string(blankDirectives([]byte("a:\n%{ if x ~}\n  b: 1\n  %{~ endif }\nc: ${d}\n"))); got != "a:\n\n  b: 1\n\nc: ${d}\n" {
		t.Errorf("blankDirectives = %q", got)
	}
}

// FuzzKubeInventory: no YAML may panic the manifest reader or make it
// loop (aliases are never followed).
func FuzzKubeInventory(f *testing.F) {
	f.Add(kubeNodePool)
	f.Add(kubeJob)
	f.Add("a: &x [*x, nvidia.com/gpu]\nkind: K\napiVersion: v\nb: *x\n")
	f.Add("kind: NodePool\napiVersion: karpenter.sh/v1\nspec: {template: {metadata: {labels: [1]}}}\nx: nvidia.com/gpu\n")
	f.Add("{{ bad\n")
	f.Add(kubeTemplate)
	f.Add(kubeDaemonSets)
	f.Fuzz(func(t *testing.T, src string) {
		_ = KubeInventory(fstest.MapFS{"m.yaml": {Data: []byte(src)}, "m.tftpl": {Data: []byte(src)}}, []string{"m.tftpl", "m.yaml"}, []string{"k"})
	})
}
