package mlops

import (
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// maxToolEvidence is how many places each tool names.
const maxToolEvidence = 5

// tools merges the sightings into one entry per tool and role, sorted by
// tool then role, each with at most maxToolEvidence places (sightings in
// code and configuration first, package names last).
func tools(cfg, src []toolHit, tags []string) []report.MLTool {
	type key struct{ tool, role string }
	byKey := map[key]*report.MLTool{}
	var keys []key
	hits := append(slices.Clone(cfg), src...)
	for _, t := range tags {
		hits = append(hits, toolHit{Tool: "gto", Role: "registry", Where: finding.Location{Path: "refs/tags/" + t}, What: "git tag " + t})
	}
	// Package names come last: a sighting in code says more.
	slices.SortStableFunc(hits, func(a, b toolHit) int {
		pa, pb := strings.HasPrefix(a.What, "package "), strings.HasPrefix(b.What, "package ")
		switch {
		case pa == pb:
			return 0
		case pa:
			return 1
		}
		return -1
	})
	for _, h := range hits {
		k := key{h.Tool, h.Role}
		t := byKey[k]
		if t == nil {
			t = &report.MLTool{Name: h.Tool, Role: h.Role}
			byKey[k] = t
			keys = append(keys, k)
		}
		if len(t.Evidence) < maxToolEvidence {
			t.Evidence = append(t.Evidence, report.MLOpsEvidence{Location: h.Where, What: h.What})
		}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := strings.Compare(a.tool, b.tool); c != 0 {
			return c
		}
		return strings.Compare(a.role, b.role)
	})
	out := make([]report.MLTool, len(keys))
	for i, k := range keys {
		out[i] = *byKey[k]
	}
	return out
}

// Signal names, in the order the report lists them (schema v1's list,
// kept: each is now filled from the relationships of the stages).
const (
	SigVersioning = "data and model versioning"
	SigPipeline   = "ML pipeline definition"
	SigTracking   = "experiment tracking"
	SigRegistry   = "model registry"
	SigTrainCI    = "training or ML pipeline run in CI"
	SigEvalCI     = "evaluation gate in CI"
	SigDeployCI   = "automated model deployment in CI"
	SigMonitoring = "model monitoring"
)

// SignalOrder lists every signal.
var SignalOrder = []string{SigVersioning, SigPipeline, SigTracking, SigRegistry, SigTrainCI, SigEvalCI, SigDeployCI, SigMonitoring}

// signals lists the evidence of each signal.
func signals(r *relations, ts []report.MLTool) []Evidence {
	var out []Evidence
	add := func(sig string, es ...report.MLOpsEvidence) {
		for _, e := range es {
			out = append(out, Evidence{Signal: sig, Where: e.Location, What: e.What})
		}
	}
	add(SigVersioning, r.modelVer...)
	add(SigVersioning, r.dataVer...)
	add(SigPipeline, r.produces...)
	for _, t := range ts {
		switch t.Role {
		case "tracking":
			add(SigTracking, t.Evidence...)
		case "registry":
			add(SigRegistry, t.Evidence...)
		}
	}
	for _, t := range r.trainings {
		add(SigTrainCI, report.MLOpsEvidence{Location: t.Where, What: t.What})
	}
	for _, g := range r.inv.Gates {
		if g.Kind == "evaluation" {
			add(SigEvalCI, report.MLOpsEvidence{Location: g.Location, What: cmpOr(g.Step, g.Tool)})
		}
	}
	for _, d := range r.inv.Deploys {
		if d.Model {
			add(SigDeployCI, report.MLOpsEvidence{Location: d.Location, What: d.What})
		}
	}
	add(SigMonitoring, r.monitors...)
	slices.SortStableFunc(out, func(a, b Evidence) int {
		return strings.Compare(a.Signal+"\x00"+a.Where.String(), b.Signal+"\x00"+b.Where.String())
	})
	return out
}
