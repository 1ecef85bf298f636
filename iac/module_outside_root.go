package iac

import "github.com/tollgate-dev/tollgate/finding"

// ModuleOutsideRoot reports local module sources that leave the scanned
// tree.
var ModuleOutsideRoot = finding.Rule{
	ID:      "tf/module-outside-root",
	Title:   "Local module source outside the scanned tree",
	Default: finding.Low,
	Doc: "A local module source such as `source = \"../../shared/vpc\"` that climbs above the\n" +
		"directory tollgate scans names code tollgate never reads: everything it reads comes\n" +
		"from inside the scanned root, so a repository cannot make it read (and report on)\n" +
		"files elsewhere on the machine. The resources that module creates are not judged,\n" +
		"and tags passed to it are not followed.\n\n" +
		"Fix: scan from the directory that holds both the caller and the module (the\n" +
		"repository root), or move the module inside the scanned tree. When the module is\n" +
		"deliberately someone else's, ignore this rule for the path.",
}

// outsideFinding reports a local call whose source leaves the scanned tree.
func (a *analysis) outsideFinding(c *ModuleCall) {
	if !c.Outside {
		return
	}
	f := ModuleOutsideRoot.New(rangeLoc(c.SrcRange), "module %q source %q leads outside the scanned tree: it is not read, so its resources are not judged", c.Name, c.Source)
	f.Evidence = map[string]string{"source": c.Source}
	a.add(f)
}
