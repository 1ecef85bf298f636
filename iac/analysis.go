package iac

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/iac/taggable"
)

// maxInstances bounds the module instances evaluated; a module tree that
// would need more is evaluated with its deepest modules in library mode.
const maxInstances = 5000

// maxCallWork bounds the work of instances made by following module calls,
// counted as the variables, locals, resources and calls they evaluate: a
// big module called from many places costs that many times its size, so
// the number of instances alone does not bound memory. Each module is still
// evaluated at least once, so the analysis covers every resource.
const maxCallWork = 250_000

type analysis struct {
	fsys      fs.FS
	opts      Options
	res       *Result
	instances map[*Module][]*instance
	count     int
	work      int // see maxCallWork
	seenValue map[string]bool
	sites     map[string]*callSite
	children  map[*instance][]*instance
	// per resource block: the verdicts of its instances
	verdicts map[*Resource][]instVerdict
	// remote holds the verdicts of calls to modules outside the
	// repository, per instance; remoteStatus their folded verdict.
	// notCreated holds, per resource block, the instances in which its
	// count or for_each is known to create nothing.
	notCreated   map[*Resource][]*instance
	remote       map[*ModuleCall][]remoteVerdict
	remoteStatus map[*ModuleCall]remoteVerdict
	// callInv holds GPU capacity found in the arguments of calls whose
	// module code is not loaded.
	callInv []callGPU
	// gpuInst holds the instances with GPU capacity in the inventory.
	gpuInst map[*instance]bool
}

type instVerdict struct {
	in  *instance
	tag *tagResult
}

func (a *analysis) run(ctx context.Context) error {
	a.instances = map[*Module][]*instance{}
	a.verdicts = map[*Resource][]instVerdict{}
	a.gpuInst = map[*instance]bool{}
	var roots []*Module
	for _, m := range a.res.Modules {
		if len(m.Callers) == 0 {
			roots = append(roots, m)
		}
	}
	for _, m := range roots {
		if err := ctx.Err(); err != nil {
			return err
		}
		a.instantiate(m, nil, nil)
	}
	// Modules only reachable through a cycle of calls have no root above
	// them; they are read in library mode rather than abandoned.
	for _, m := range a.res.Modules {
		if len(a.instances[m]) == 0 {
			a.instantiate(m, nil, nil)
		}
	}
	a.res.Instances = a.count
	for _, m := range a.res.Modules {
		if err := ctx.Err(); err != nil {
			return err
		}
		for _, in := range a.instances[m] {
			a.evalResources(in)
		}
	}
	a.tagFindings()
	a.localCallGPU()
	a.remoteFindings()
	a.addCallInventory()
	a.callSiteFindings()
	a.moduleFindings()
	return nil
}

func (a *analysis) instantiate(m *Module, parent *instance, call *ModuleCall) {
	in := newInstance(m, parent, call)
	in.fsys = a.fsys
	a.instances[m] = append(a.instances[m], in)
	if parent != nil {
		if a.children == nil {
			a.children = map[*instance][]*instance{}
		}
		a.children[parent] = append(a.children[parent], in)
	}
	a.count++
	for _, c := range m.Calls {
		t := c.Target
		switch {
		case in.createsNothing(c.Count, c.ForEach):
		case t == nil:
			if c.Kind != "local" {
				a.judgeRemote(in, c)
				a.callGPU(in, c)
				a.callAI(in, c)
			}
		case c.Cycle != nil || in.depth+1 >= maxDepth || a.count >= maxInstances || a.work+t.cost() > maxCallWork:
			// Its module is still read, as a root of its own if no
			// other call reaches it. A cycle is also a finding.
			a.res.CallsNotFollowed++
		default:
			a.work += t.cost()
			a.instantiate(t, in, c)
		}
	}
}

func (a *analysis) evalResources(in *instance) {
	for _, r := range in.mod.Resources {
		if in.createsNothing(r.Count, r.ForEach) {
			if a.notCreated == nil {
				a.notCreated = map[*Resource][]*instance{}
			}
			a.notCreated[r] = append(a.notCreated[r], in)
			continue
		}
		t := in.resolveEach(r, a.opts.Required)
		a.verdicts[r] = append(a.verdicts[r], instVerdict{in: in, tag: t})
	}
}

// tagFindings folds each resource's instance verdicts and reports them.
func (a *analysis) tagFindings() {
	counts := map[string]*ProviderCount{}
	inv := map[string]AIResource{}
	for _, m := range a.res.Modules {
		for _, r := range m.Resources {
			vs := a.verdicts[r]
			if len(vs) == 0 {
				a.res.NotCreated++
				for _, in := range a.notCreated[r] {
					if kind, why := in.aiKind(r); kind != "" {
						if kind == "gpu" {
							a.gpuInst[in] = true
						}
						e := AIResource{Location: rangeLoc(r.DefRange), Address: r.Address(), Type: r.Type,
							Module: in.label(), Kind: kind, Why: why, TagStatus: StatusNotCreated}
						inv[fmt.Sprint(e)] = e
					}
				}
				continue
			}
			status := fold(vs)
			prov := taggable.Provider(r.Type)
			a.res.Resources = append(a.res.Resources, ResourceStatus{Location: rangeLoc(r.DefRange),
				Address: r.Address(), Type: r.Type, Provider: prov, Status: status})
			if status != statusNA && (taggable.Known(r.Type) || r.Type == "azapi_resource") {
				c := counts[prov]
				if c == nil {
					c = &ProviderCount{Provider: prov}
					counts[prov] = c
				}
				switch status {
				case statusPass:
					c.Pass++
				case statusFail:
					c.Fail++
				default:
					c.Unknown++
				}
			}
			ai := false
			for _, v := range vs {
				kind, why := v.in.aiKind(r)
				if kind == "" {
					continue
				}
				ai = true
				if kind == "gpu" {
					a.gpuInst[v.in] = true
				}
				e := AIResource{Location: rangeLoc(r.DefRange), Address: r.Address(), Type: r.Type,
					Module: v.in.label(), Kind: kind, Why: why, TagStatus: v.tag.status}
				inv[fmt.Sprint(e)] = e
			}
			a.resourceFindings(r, vs, ai)
		}
	}
	for _, p := range sortedKeys(counts) {
		a.res.Coverage = append(a.res.Coverage, *counts[p])
	}
	for _, k := range sortedKeys(inv) {
		a.res.Inventory = append(a.res.Inventory, inv[k])
	}
	sortInventory(a.res.Inventory)
}

func sortInventory(inv []AIResource) {
	slices.SortStableFunc(inv, func(x, y AIResource) int {
		return finding.Compare(finding.Finding{Location: x.Location, Message: x.Module}, finding.Finding{Location: y.Location, Message: y.Module})
	})
}

// fold combines the verdicts of a resource's instances: fail if any
// instance fails, else unknown if any is unknown, else pass.
func fold(vs []instVerdict) string {
	s := statusPass
	for _, v := range vs {
		switch v.tag.status {
		case statusNA:
			return statusNA
		case statusFail:
			return statusFail
		case statusUnknown:
			s = statusUnknown
		}
	}
	return s
}

// where names the failing instances of a resource for a message.
func where(vs []instVerdict, failing []instVerdict) string {
	if len(vs) == 1 && failing[0].in.parent == nil {
		return ""
	}
	first := failing[0].in.label()
	if len(failing) == 1 {
		return fmt.Sprintf(" (in %s)", first)
	}
	return fmt.Sprintf(" (in %d of %d instances, first %s)", len(failing), len(vs), first)
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
