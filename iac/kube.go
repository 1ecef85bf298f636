package iac

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"go.yaml.in/yaml/v4"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/lazyre"
)

// Kubernetes manifests in the repository declare GPU capacity too:
// Karpenter NodePools and NodeClaims asking for GPU instance families,
// workloads requesting nvidia.com/gpu, node selectors and tolerations on
// accelerator labels. They are inventoried, never judged; the cost-label
// status is that of their Kubernetes labels, which cost tools (OpenCost,
// Kubecost, GKE cost allocation) read as cost tags.

// Bounds on the manifests read.
const (
	maxKubeFiles = 5000
	maxKubeBytes = 1 << 20
	maxKubeDocs  = 200 // per file
)

// kubeMarkers are what a manifest must contain to be decoded at all.
var kubeMarkers = [][]byte{[]byte("karpenter.sh"), []byte("nvidia.com/gpu"), []byte("amd.com/gpu"),
	[]byte("aws.amazon.com/neuron"), []byte("gke-accelerator"), []byte("google.com/tpu"), []byte("instance-gpu")}

// kubeSuffixes are the names of files that may hold Kubernetes manifests:
// YAML, and the Terraform templates of YAML that templatefile renders (a
// "${var}" in a value position is still YAML, a plain string).
var kubeSuffixes = []string{".yaml", ".yml", ".tftpl", ".yaml.tpl", ".yml.tpl"}

// IsKubeCandidate reports whether a root-relative path may hold Kubernetes
// manifests: a YAML file, or a Terraform template of one, outside CI
// configuration directories.
func IsKubeCandidate(p string) bool {
	if !slices.ContainsFunc(kubeSuffixes, func(s string) bool { return strings.HasSuffix(p, s) }) {
		return false
	}
	return !strings.HasPrefix(p, ".github/") && !strings.HasPrefix(p, ".gitlab") && !strings.Contains(p, "/.terraform/") &&
		!strings.HasPrefix(p, ".terraform/")
}

// KubeInventory reads the given YAML files and returns the GPU capacity
// their Kubernetes manifests declare. required are the policy's required
// keys, checked against the manifests' labels. Files that cannot be read or
// parsed are skipped: a Helm template is not YAML until rendered.
func KubeInventory(fsys fs.FS, files []string, required []string) []AIResource {
	var out []AIResource
	n := 0
	for _, p := range files {
		if !IsKubeCandidate(p) {
			continue
		}
		if n++; n > maxKubeFiles {
			break
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil || len(src) > maxKubeBytes || !containsAny(src, kubeMarkers) {
			continue
		}
		if !strings.HasSuffix(p, ".yaml") && !strings.HasSuffix(p, ".yml") {
			src = blankDirectives(src)
		}
		out = append(out, kubeDocs(p, src, required)...)
	}
	return out
}

// directiveLine is a line of a Terraform template that holds only a
// directive: %{ if … }, %{ for … }, %{ else }, %{ endfor }, with strip
// markers.
var directiveLine = lazyre.New(`(?m)^[ \t]*%\{~?[^}\n]*~?\}[ \t]*$`)

// blankDirectives blanks the directive lines of a Terraform template, so
// that its YAML reads as if every loop ran once and both branches of a
// condition were taken; the line numbers stay.
func blankDirectives(src []byte) []byte {
	return directiveLine.Get().ReplaceAll(src, nil)
}

func containsAny(src []byte, subs [][]byte) bool {
	for _, s := range subs {
		if bytes.Contains(src, s) {
			return true
		}
	}
	return false
}

// kubeDocs inventories the documents of one YAML file.
func kubeDocs(p string, src []byte, required []string) []AIResource {
	var out []AIResource
	dec := yaml.NewDecoder(bytes.NewReader(src))
	for i := 0; i < maxKubeDocs; i++ {
		var doc yaml.Node
		if err := dec.Decode(&doc); err != nil {
			break // io.EOF, or a syntax error: what was read stands
		}
		if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
			continue
		}
		m := doc.Content[0]
		kind, api := scalarAt(m, "kind"), scalarAt(m, "apiVersion")
		if kind == "" || api == "" {
			continue
		}
		why := kubeGPU(m, "", 0)
		if kind == "DaemonSet" {
			// A DaemonSet follows the nodes: one that only selects or
			// tolerates GPU nodes (a device plugin, a GPU exporter) is GPU
			// software, not capacity; one that requests accelerators is.
			why = kubeRequest(m, "", 0)
		}
		if why == "" {
			continue
		}
		name := scalarAt(mapAt(m, "metadata"), "name")
		labels := mapAt(mapAt(m, "metadata"), "labels")
		if kind == "NodePool" || kind == "NodeClaim" {
			// The nodes' labels are the template's.
			if l := mapAt(mapAt(mapAt(mapAt(m, "spec"), "template"), "metadata"), "labels"); l != nil {
				labels = l
			}
		}
		out = append(out, AIResource{
			Location: finding.Location{Path: p, StartLine: m.Line, StartCol: m.Column},
			Address:  strings.TrimSuffix(kind+"/"+name, "/"), Type: "kubernetes " + api + " " + kind,
			Module: path.Dir(p), Kind: "gpu", Why: why, TagStatus: labelStatus(labels, required),
		})
	}
	return out
}

// kubeGPU finds GPU capacity in a manifest node: a key or a scalar
// holding a GPU marker, or a Karpenter requirement on GPU instance
// families.
func kubeGPU(n *yaml.Node, at string, depth int) string {
	if n == nil || depth > 32 {
		return ""
	}
	switch n.Kind {
	case yaml.ScalarNode:
		for _, m := range gpuMarkers {
			if strings.Contains(n.Value, m) {
				return strings.TrimPrefix(at+" = "+n.Value, ".")
			}
		}
	case yaml.MappingNode:
		if w := karpenterGPU(n, at); w != "" {
			return w
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			for _, m := range gpuMarkers {
				if strings.Contains(k, m) {
					return strings.TrimPrefix(at+"."+k, ".")
				}
			}
			if w := kubeGPU(n.Content[i+1], at+"."+k, depth+1); w != "" {
				return w
			}
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if w := kubeGPU(c, at, depth+1); w != "" {
				return w
			}
		}
	}
	return ""
}

// kubeRequest finds an accelerator resource request or limit in a
// manifest node: a key holding a GPU marker in a "requests" or "limits"
// mapping.
func kubeRequest(n *yaml.Node, at string, depth int) string {
	if n == nil || depth > 32 {
		return ""
	}
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			if (k == "requests" || k == "limits") && v.Kind == yaml.MappingNode {
				for j := 0; j+1 < len(v.Content); j += 2 {
					for _, m := range gpuMarkers {
						if strings.Contains(v.Content[j].Value, m) {
							return strings.TrimPrefix(at+"."+k+"."+v.Content[j].Value, ".")
						}
					}
				}
			}
			if w := kubeRequest(v, at+"."+k, depth+1); w != "" {
				return w
			}
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if w := kubeRequest(c, at, depth+1); w != "" {
				return w
			}
		}
	}
	return ""
}

// karpenterGPU reads one Karpenter requirement, {key, operator, values}:
// an instance family or type that is a GPU family.
func karpenterGPU(n *yaml.Node, at string) string {
	key := scalarAt(n, "key")
	switch key {
	case "karpenter.k8s.aws/instance-family", "node.kubernetes.io/instance-type", "karpenter.k8s.aws/instance-category":
	default:
		return ""
	}
	if op := scalarAt(n, "operator"); op != "In" {
		return ""
	}
	vals := mapValue(n, "values")
	if vals == nil || vals.Kind != yaml.SequenceNode {
		return ""
	}
	for _, v := range vals.Content {
		s := v.Value
		gpu := false
		switch key {
		case "karpenter.k8s.aws/instance-family":
			gpu = awsGPU.MatchString(s + ".")
		case "node.kubernetes.io/instance-type":
			gpu = awsGPU.MatchString(s) || gcpGPU.MatchString(s) || azureGPU.MatchString(s)
		case "karpenter.k8s.aws/instance-category":
			gpu = s == "p" || s == "g" || s == "inf" || s == "trn"
		}
		if gpu {
			return strings.TrimPrefix(fmt.Sprintf("%s %s In %s", strings.TrimPrefix(at, "."), key, s), " ")
		}
	}
	return ""
}

// labelStatus judges a labels mapping against the required keys: pass,
// fail, or unknown when a label is templated.
func labelStatus(labels *yaml.Node, required []string) string {
	k := emptyKeys()
	if labels != nil {
		if labels.Kind != yaml.MappingNode {
			k.open = true
		} else {
			for i := 0; i+1 < len(labels.Content); i += 2 {
				k.maybe[labels.Content[i].Value] = true
				k.sure[labels.Content[i].Value] = keyEntry{}
			}
		}
	}
	s, _ := k.verdict(required)
	return s
}

// mapValue returns the value node of key in a mapping node, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			v := n.Content[i+1]
			if v.Kind == yaml.AliasNode {
				return nil // not followed: an alias may loop
			}
			return v
		}
	}
	return nil
}

func mapAt(n *yaml.Node, key string) *yaml.Node {
	v := mapValue(n, key)
	if v == nil || v.Kind != yaml.MappingNode {
		return nil
	}
	return v
}

func scalarAt(n *yaml.Node, key string) string {
	v := mapValue(n, key)
	if v == nil || v.Kind != yaml.ScalarNode {
		return ""
	}
	return v.Value
}
