package prgate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/internal/gitrepo"
	"github.com/tollgate-dev/tollgate/policy"
	"github.com/tollgate-dev/tollgate/report"
	"github.com/tollgate-dev/tollgate/scan"
)

const (
	// goodYAML has no finding; writeAllYAML has one high finding
	// (ci/write-all-permissions); brokenYAML does not parse.
	goodYAML     = "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\npermissions: {}\nconcurrency: ci\n"
	writeAllYAML = "on: push\npermissions: write-all\nconcurrency: ci\njobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps:\n      - run: echo hi\n"
	brokenYAML   = "on: push\njobs:\n  test:\n    steps:\n      - run: a\n     - run: b\n"
)

var fixedNow = func() time.Time { return time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC) }

// setMain points refs/heads/main at h.
func setMain(t *testing.T, repo *gitrepo.Repo, h plumbing.Hash) {
	t.Helper()
	if err := repo.Git.Storer.SetReference(plumbing.NewHashReference("refs/heads/main", h)); err != nil {
		t.Fatal(err)
	}
}

func run(t *testing.T, repo *gitrepo.Repo, opts Options) *Result {
	t.Helper()
	opts.Dir = repo.Dir
	if opts.BaseRef == "" {
		opts.BaseRef = "main"
	}
	opts.Now = fixedNow
	res, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func gate(r *report.Report) report.Gate {
	for _, g := range r.Gates {
		if g.Name == "findings" {
			return g
		}
	}
	return report.Gate{}
}

func findingsOf(r *report.Report, rule string) []finding.Finding {
	var out []finding.Finding
	for _, f := range r.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// TestHeadIgnoreAllStillFails is issue 11's case: a pull request that adds
// `ignore { rule = "*" }` and a high finding fails its gate, and its policy
// change is reported with the diff.
func TestHeadIgnoreAllStillFails(t *testing.T) {
	repo := gitrepo.New(t)
	setMain(t, repo, repo.Commit("base", map[string]string{".github/workflows/a.yml": goodYAML}))
	repo.Commit("head", map[string]string{
		".github/workflows/b.yml": writeAllYAML,
		".tollgate.hcl":           "ignore {\n  rule   = [\"*\", \"**\"]\n  reason = \"trust me\"\n}\n",
	})
	res := run(t, repo, Options{})
	r := res.Report
	if g := gate(r); g.Passed {
		t.Errorf("findings gate passed with the head's ignore-all: %+v", g)
	}
	if r.Comparison.Policy != "defaults" {
		t.Errorf("policy source = %q, want defaults (the base has no policy)", r.Comparison.Policy)
	}
	if fs := findingsOf(r, "ci/write-all-permissions"); len(fs) != 1 || fs[0].Suppressed != nil {
		t.Errorf("the head's finding must stay active: %+v", fs)
	}
	pc := findingsOf(r, finding.PolicyChangedInPR.ID)
	if len(pc) != 1 {
		t.Fatalf("want one policy/changed-in-pr, got %+v", pc)
	}
	f := pc[0]
	if f.Location.Path != ".tollgate.hcl" || f.Location.StartLine != 1 || f.Severity != finding.Medium {
		t.Errorf("policy change at %v severity %v, want .tollgate.hcl:1 medium", f.Location, f.Severity)
	}
	if !strings.Contains(f.Message, "adds policy file") || !strings.Contains(f.Evidence["diff"], "+  rule   = [\"*\", \"**\"]") {
		t.Errorf("message %q, diff:\n%s", f.Message, f.Evidence["diff"])
	}
	if !strings.Contains(f.Detail, "```diff\n") {
		t.Errorf("detail lacks the fenced diff:\n%s", f.Detail)
	}
}

// TestHeadLowersFailOn: the base fails on medium; the head sets critical
// and adds a medium finding, which still fails.
func TestHeadLowersFailOn(t *testing.T) {
	repo := gitrepo.New(t)
	basePol := "gate {\n  fail_on = \"medium\"\n}\n"
	setMain(t, repo, repo.Commit("base", map[string]string{".tollgate.hcl": basePol, ".github/workflows/a.yml": goodYAML}))
	repo.Commit("head", map[string]string{
		".tollgate.hcl":           strings.Replace(basePol, "medium", "critical", 1),
		".github/workflows/b.yml": strings.Replace(goodYAML, "    timeout-minutes: 5\n", "", 1), // ci/missing-timeout, medium
	})
	r := run(t, repo, Options{}).Report
	g := gate(r)
	if g.Passed || !strings.Contains(g.Threshold, "at or above medium") {
		t.Errorf("gate %+v: want failed at the base's medium", g)
	}
	if r.Comparison.Policy != "base" {
		t.Errorf("policy source %q, want base", r.Comparison.Policy)
	}
	pc := findingsOf(r, finding.PolicyChangedInPR.ID)
	if len(pc) != 1 || pc[0].Location.StartLine != 2 || !strings.Contains(pc[0].Evidence["diff"], "-  fail_on = \"medium\"\n+  fail_on = \"critical\"") {
		t.Errorf("want the fail_on change at line 2 with its diff: %+v", pc)
	}
}

// TestUserPolicyWins: a policy given by the user judges, not the base's.
func TestUserPolicyWins(t *testing.T) {
	repo := gitrepo.New(t)
	setMain(t, repo, repo.Commit("base", map[string]string{".tollgate.hcl": "gate {\n  fail_on = \"low\"\n}\n"}))
	repo.Commit("head", map[string]string{".github/workflows/b.yml": strings.Replace(goodYAML, "    timeout-minutes: 5\n", "", 1)})
	pol, err := policy.Parse("user.hcl", []byte("gate {\n  fail_on = \"critical\"\n}\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := run(t, repo, Options{Policy: pol}).Report
	if g := gate(r); !g.Passed || r.Comparison.Policy != "flag" {
		t.Errorf("gate %+v source %q: the user's critical threshold must judge", g, r.Comparison.Policy)
	}
}

// TestHeadRepointsBaseline: the head points the baseline at a new file
// that accepts its finding, and rewrites the base's baseline to accept it
// too; the base's baseline still judges.
func TestHeadRepointsBaseline(t *testing.T) {
	for _, tc := range []struct{ name, policy, file string }{
		{"new file", "baseline = \"accept.json\"\n", "accept.json"},
		{"same file", "baseline = \"baseline.json\"\n", "baseline.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			repo := gitrepo.New(t)
			empty, _ := policy.NewBaseline(nil).Encode()
			setMain(t, repo, repo.Commit("base", map[string]string{
				".tollgate.hcl":           "baseline = \"baseline.json\"\n",
				"baseline.json":           string(empty),
				".github/workflows/a.yml": goodYAML,
			}))
			repo.Write(map[string]string{".github/workflows/b.yml": writeAllYAML})
			cp := policy.Default()
			sr, err := scan.Run(context.Background(), scan.Options{Root: repo.Dir, Policy: cp, Now: fixedNow, Only: []string{"pipeline"}})
			if err != nil {
				t.Fatal(err)
			}
			accept, _ := policy.NewBaseline(sr.Findings).Encode()
			if !strings.Contains(string(accept), "ci/write-all-permissions") {
				t.Fatalf("baseline lacks the finding:\n%s", accept)
			}
			repo.Commit("head", map[string]string{".tollgate.hcl": tc.policy, tc.file: string(accept)})
			r := run(t, repo, Options{}).Report
			if g := gate(r); g.Passed {
				t.Errorf("gate passed on the head's own baseline: %+v", g)
			}
			var paths []string
			for _, f := range findingsOf(r, finding.PolicyChangedInPR.ID) {
				paths = append(paths, f.Location.Path)
			}
			want := []string{".tollgate.hcl", tc.file}
			if tc.file == "baseline.json" {
				want = []string{"baseline.json"} // the policy file is unchanged
			}
			if strings.Join(paths, ",") != strings.Join(want, ",") {
				t.Errorf("policy changes at %v, want %v", paths, want)
			}
		})
	}
}

// TestBaseFileFailed: the base's workflow did not parse and the head
// fixes it but leaves a high finding in it. The base cannot say whether
// the finding is old: it is not counted new, the comparison is unknown
// for the pipeline domain, and the gate does not pass silently.
func TestBaseFileFailed(t *testing.T) {
	repo := gitrepo.New(t)
	setMain(t, repo, repo.Commit("base", map[string]string{".github/workflows/a.yml": brokenYAML}))
	repo.Commit("head", map[string]string{".github/workflows/a.yml": writeAllYAML})
	r := run(t, repo, Options{}).Report
	c := r.Comparison
	if c.New != 1 || c.Fixed != 1 {
		// new: the comparison-unknown finding; fixed: the parse error.
		t.Errorf("new %d fixed %d, want 1 and 1", c.New, c.Fixed)
	}
	if len(c.Unknown) != 1 || c.Unknown[0].Name != "pipeline" || c.Unknown[0].Side != "base" || c.Unknown[0].Findings != 1 || !c.Unknown[0].Blocking {
		t.Fatalf("unknown = %+v, want pipeline, base side, 1 blocking finding", c.Unknown)
	}
	newF, _ := r.Split()
	for _, f := range newF {
		if f.Rule == "ci/write-all-permissions" {
			t.Errorf("a finding the base could not see counted as new")
		}
	}
	uf := findingsOf(r, finding.ComparisonUnknown.ID)
	if len(uf) != 1 || uf[0].Severity != finding.High || !strings.Contains(uf[0].Message, `domain "pipeline"`) {
		t.Errorf("want one high pr/comparison-unknown for pipeline: %+v", uf)
	}
	if g := gate(r); g.Passed || !strings.Contains(g.Observed, "unknown") {
		t.Errorf("gate %+v must fail and say unknown", g)
	}
}

// TestBaseFileFailedNothingHidden: the base's file did not parse and the
// head's has nothing at the gate's severity: the comparison is unknown but
// cannot hide a failing finding, so it is reported as info and the gate
// passes.
func TestBaseFileFailedNothingHidden(t *testing.T) {
	repo := gitrepo.New(t)
	setMain(t, repo, repo.Commit("base", map[string]string{".github/workflows/a.yml": brokenYAML}))
	repo.Commit("head", map[string]string{".github/workflows/a.yml": strings.Replace(goodYAML, "    timeout-minutes: 5\n", "", 1)})
	r := run(t, repo, Options{}).Report
	if g := gate(r); !g.Passed {
		t.Errorf("gate %+v: nothing at high could hide", g)
	}
	uf := findingsOf(r, finding.ComparisonUnknown.ID)
	if len(uf) != 1 || uf[0].Severity != finding.Info {
		t.Errorf("want one info pr/comparison-unknown: %+v", uf)
	}
}

// failDomain fails on the side whose tree holds "fail-here" and otherwise
// reports one high finding per file it owns.
type failDomain struct{}

var failRule = finding.Rule{ID: "zzfail/found", Title: "test finding", Doc: "A finding of the prgate tests.", Default: finding.High}

func (failDomain) Name() string       { return "zzfail" }
func (failDomain) Owns(p string) bool { return strings.HasSuffix(p, ".zz") }
func (failDomain) Analyze(_ context.Context, in *scan.Input) (*scan.Result, error) {
	if _, err := os.Stat(filepath.Join(in.Root, "fail-here")); err == nil {
		return nil, errors.New("the zzfail domain broke")
	}
	var res scan.Result
	for _, p := range in.Files {
		res.Findings = append(res.Findings, failRule.New(finding.Location{Path: p, StartLine: 1}, "found in %q", p))
	}
	return &res, nil
}

func init() {
	finding.Register(failRule)
	scan.Register(failDomain{})
	areaDomain["zzfail"] = "zzfail"
}

// TestBaseDomainFailed is issue 17's case: a domain failed on the base,
// so its old findings would all look new. They are counted unknown, the
// run says so, and the gate fails (something at high could be new).
func TestBaseDomainFailed(t *testing.T) {
	repo := gitrepo.New(t)
	setMain(t, repo, repo.Commit("base", map[string]string{"a.zz": "x\n", "b.zz": "x\n", "fail-here": ""}))
	wt, _ := repo.Git.Worktree()
	if _, err := wt.Remove("fail-here"); err != nil {
		t.Fatal(err)
	}
	repo.Commit("head", map[string]string{"README.md": "docs\n"})
	res := run(t, repo, Options{})
	if res.BaseErr == nil || res.HeadErr != nil {
		t.Errorf("base err %v head err %v: want the base's domain error only", res.BaseErr, res.HeadErr)
	}
	c := res.Report.Comparison
	if c.New != 1 {
		t.Errorf("new = %d, want 1 (the comparison-unknown finding, not the two old findings)", c.New)
	}
	if len(c.Unknown) != 1 || c.Unknown[0].Name != "zzfail" || c.Unknown[0].Findings != 2 || c.Unknown[0].Side != "base" ||
		!strings.Contains(c.Unknown[0].Reason, "the zzfail domain broke") {
		t.Errorf("unknown = %+v", c.Unknown)
	}
	if g := gate(res.Report); g.Passed {
		t.Errorf("gate passed silently: %+v", g)
	}
}

// TestHeadDomainFailed: a domain that fails on the head could hide new
// findings, so its unknown always blocks, even with nothing to classify.
func TestHeadDomainFailed(t *testing.T) {
	repo := gitrepo.New(t)
	setMain(t, repo, repo.Commit("base", map[string]string{"a.zz": "x\n"}))
	repo.Commit("head", map[string]string{"fail-here": ""})
	res := run(t, repo, Options{})
	if res.HeadErr == nil {
		t.Errorf("want the head's domain error")
	}
	c := res.Report.Comparison
	if c.Fixed != 0 {
		t.Errorf("fixed = %d: a finding the head failed to see is not fixed", c.Fixed)
	}
	if len(c.Unknown) != 1 || c.Unknown[0].Side != "head" || !c.Unknown[0].Blocking {
		t.Errorf("unknown = %+v, want a blocking head-side unknown", c.Unknown)
	}
	if g := gate(res.Report); g.Passed {
		t.Errorf("gate passed: %+v", g)
	}
}

// TestHeadPolicyLinkOut: the head's policy file is a link to a file outside
// the repository. It is not read (its text does not appear), the change is
// still reported, and the base's policy judges.
func TestHeadPolicyLinkOut(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "evil.hcl")
	if err := os.WriteFile(outside, []byte("# TOP-SECRET\ngate {\n  fail_on = \"critical\"\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	repo := gitrepo.New(t)
	setMain(t, repo, repo.Commit("base", map[string]string{".tollgate.hcl": "gate {\n  fail_on = \"high\"\n}\n"}))
	if err := os.Remove(filepath.Join(repo.Dir, ".tollgate.hcl")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(repo.Dir, ".tollgate.hcl")); err != nil {
		t.Fatal(err)
	}
	repo.Commit("head", map[string]string{".github/workflows/w.yml": writeAllYAML})
	r := run(t, repo, Options{}).Report
	if g := gate(r); g.Passed {
		t.Errorf("gate passed: %+v", g)
	}
	pc := findingsOf(r, finding.PolicyChangedInPR.ID)
	if len(pc) != 1 || !strings.Contains(pc[0].Message, "unreadable in the head") || !strings.Contains(pc[0].Message, "leads outside") {
		t.Fatalf("want one unreadable policy change: %+v", pc)
	}
	for _, f := range r.Findings {
		if strings.Contains(f.Message+f.Detail+f.Evidence["diff"], "TOP-SECRET") {
			t.Errorf("the outside file was read: %+v", f)
		}
	}
}

// TestBaseMalformedPolicy: a base whose policy does not parse is a usage
// error naming the base, not a fallback to the head's or the defaults.
func TestBaseMalformedPolicy(t *testing.T) {
	repo := gitrepo.New(t)
	setMain(t, repo, repo.Commit("base", map[string]string{".tollgate.hcl": "gate {\n"}))
	repo.Commit("head", map[string]string{".tollgate.hcl": "gate {\n}\n"})
	_, err := Run(context.Background(), Options{Dir: repo.Dir, BaseRef: "main", Now: fixedNow})
	var ue *UsageError
	var pe *policy.Error
	if !errors.As(err, &ue) || !errors.As(err, &pe) || !strings.Contains(err.Error(), "policy of base") {
		t.Errorf("err = %v, want a usage error wrapping the policy error", err)
	}
}
