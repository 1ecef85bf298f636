package pipeline

import (
	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

var repeatedInstall = finding.Rule{
	ID:      "ci/repeated-install",
	Title:   "Same tool installed in many jobs",
	Default: finding.Low,
	Doc: "The same tool is installed by hand (`go install`, `cargo install`, `pip install <tool>`,\n" +
		"`npm install -g`, `apt-get install`, `brew install`, a `curl | sh` installer) in more jobs\n" +
		"of one workflow than the policy allows (default 3). Each job pays the download and the\n" +
		"build again, and the versions drift apart.\n\n" +
		"Bake the tools into a container image (`container:` / `image:`), install them in one\n" +
		"composite action with a cache, or use the tool's setup action. Threshold:\n" +
		"`pipelines { max_install_jobs = 5 }`.",
	Controls: []string{"SOC2:A1.1"},
}

func init() { register(repeatedInstall, checkRepeatedInstall) }

var (
	toolInstall = lazyre.New(`\b(?:go\s+install|cargo\s+install(?:\s+--locked)?|pipx?\s+install|uv\s+tool\s+install|npm\s+(?:install|i)\s+(?:-g|--global)|yarn\s+global\s+add|(?:apt-get|apt)\s+install(?:\s+-y|\s+--yes|\s+--no-install-recommends|\s+-qq)*|brew\s+install|gem\s+install|choco\s+install)\s+([^\s;&|]+(?:\s+[^\s;&|-][^\s;&|]*)*)`)
)

// installedTools returns the tools a script line installs (without versions).
func installedTools(line string) []string {
	t := strings.TrimSpace(line)
	if strings.HasPrefix(t, "#") || !strings.Contains(t, "install") && !strings.Contains(t, "add") {
		return nil
	}
	var out []string
	for _, m := range toolInstall.FindAllStringSubmatch(t, -1) {
		for _, w := range strings.Fields(m[1]) {
			if strings.HasPrefix(w, "-") || strings.HasPrefix(w, "$") || strings.Contains(w, "requirements") || w == "." || strings.HasPrefix(w, "\\") {
				continue
			}
			name := w
			for _, sep := range []string{"@", "==", ">=", "<=", "~=", "="} {
				if i := strings.Index(name, sep); i > 0 {
					name = name[:i]
				}
			}
			name = strings.Trim(name, `"'`)
			if name != "" {
				out = append(out, name)
			}
		}
	}
	return out
}

func checkRepeatedInstall(a *analysis) {
	for _, p := range a.workflows() {
		jobs := map[string][]*Job{}
		first := map[string]Pos{}
		var names []string
		for _, j := range p.Jobs {
			for _, s := range j.Steps {
				for _, l := range s.RunLines {
					for _, tool := range installedTools(l.Text) {
						if !slices.Contains(jobs[tool], j) {
							if _, ok := first[tool]; !ok {
								first[tool] = l.Pos
								names = append(names, tool)
							}
							jobs[tool] = append(jobs[tool], j)
						}
					}
				}
			}
		}
		for _, tool := range names {
			if n := len(jobs[tool]); n > a.opts.MaxInstallJobs {
				var ids []string
				for _, j := range jobs[tool] {
					ids = append(ids, j.ID)
				}
				a.report(repeatedInstall, first[tool], ev("tool", tool, "jobs", strings.Join(ids, ", ")),
					"%q is installed in %d jobs of this workflow; install it once (image or composite action)", tool, n)
			}
		}
	}
}
