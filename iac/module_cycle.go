package iac

import (
	"fmt"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

// ModuleCycle reports local module calls that form a cycle.
var ModuleCycle = finding.Rule{
	ID:      "tf/module-cycle",
	Title:   "Local module calls form a cycle",
	Default: finding.Medium,
	Doc: "A module that calls itself (`source = \"./\"`), or calls a module that leads back to it\n" +
		"(`modules/a` calls `../b`, which calls `../a`), describes a module tree with no end:\n" +
		"Terraform cannot install it. The finding stands at the call that closes the cycle and\n" +
		"names the module it calls back to and the path of the cycle.\n\n" +
		"tollgate reads each module directory once and does not follow the call that closes a\n" +
		"cycle: the module it leads to is evaluated on its own, with its variables open, so\n" +
		"the rest of the tree is still judged. A diamond (two modules calling one shared\n" +
		"module) is not a cycle and is not reported.\n\n" +
		"Fix: remove the call that leads back, or move what both modules need into a third\n" +
		"module that calls neither.\n\n" +
		"```hcl\n# modules/b/main.tf\nmodule \"a\" {\n  source = \"../a\"   # reported when modules/a calls ../b\n}\n```",
}

// cycleFinding reports a call that closes a cycle of local calls.
func (a *analysis) cycleFinding(c *ModuleCall) {
	if c.Cycle == nil {
		return
	}
	first := c.Cycle[0]
	dirs := []string{first.Caller.Dir}
	for i, x := range c.Cycle {
		if i == len(c.Cycle)-1 && c.CycleLen > len(c.Cycle) {
			dirs = append(dirs, fmt.Sprintf("(%d more)", c.CycleLen-len(c.Cycle)), x.Caller.Dir)
		}
		dirs = append(dirs, x.Target.Dir)
	}
	cycle := strings.Join(dirs, " -> ")
	var f finding.Finding
	if c.Target == c.Caller {
		f = ModuleCycle.New(rangeLoc(c.DefRange), "module %q calls its own directory %q: the module tree has no end", c.Name, c.Target.Dir)
	} else {
		f = ModuleCycle.New(rangeLoc(c.DefRange), "module %q calls back to %q, closing the cycle %s (which starts with module %q at %s)",
			c.Name, c.Target.Dir, cycle, first.Name, posString(first.DefRange.Filename, first.DefRange.Start.Line))
	}
	f.Evidence = map[string]string{"source": c.Source, "target": c.Target.Dir, "cycle": cycle,
		"starts_at": posString(first.DefRange.Filename, first.DefRange.Start.Line)}
	a.add(f)
}

func posString(file string, line int) string { return fmt.Sprintf("%s:%d", file, line) }
