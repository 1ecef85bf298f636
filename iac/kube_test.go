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

// FuzzKubeInventory: no YAML may panic the manifest reader or make it
// loop (aliases are never followed).
func FuzzKubeInventory(f *testing.F) {
	f.Add(kubeNodePool)
	f.Add(kubeJob)
	f.Add("a: &x [*x, nvidia.com/gpu]\nkind: K\napiVersion: v\nb: *x\n")
	f.Add("kind: NodePool\napiVersion: karpenter.sh/v1\nspec: {template: {metadata: {labels: [1]}}}\nx: nvidia.com/gpu\n")
	f.Add("{{ bad\n")
	f.Fuzz(func(t *testing.T, src string) {
		_ = KubeInventory(fstest.MapFS{"m.yaml": {Data: []byte(src)}}, []string{"m.yaml"}, []string{"k"})
	})
}
