package pipeline

import (
	"cmp"
	"slices"
	"strings"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/report"
)

// deployJobs returns the jobs that deploy or release: the jobs of the gate
// inventory's deploys, recognised by what a step does; and a job whose steps
// are not in the repository (it calls a reusable workflow, or a GitLab
// include completes it) when its name says deploy, since what it does
// cannot be read.
func (a *analysis) deployJobs() map[*Job]bool {
	out := map[*Job]bool{}
	for _, d := range a.gateInventory().deploys {
		if d.Job != nil {
			out[d.Job] = true
		}
	}
	for _, p := range a.workflows() {
		for _, j := range p.Jobs {
			hidden := j.Uses != "" || (p.Kind == GitLab && j.Trigger == "" && (len(j.Steps) == 0 || slices.Contains(j.ExtendsFrom, "")))
			if hidden && !out[j] && deploys(j) == "its name" {
				out[j] = true
			}
		}
	}
	return out
}

// templateUse is one AI or deploy job and the template it runs from.
type templateUse struct {
	job  *Job
	kind string // "ai", "deploy" or "ai+deploy"
	// template is what the job runs from, "" when written in place;
	// several candidates are joined with ", ".
	template string
	approved bool
	// unsure is set when the job comes from one of several includes and
	// which one cannot be told.
	unsure bool
}

// maxExtendsWalk bounds the templates followed from one GitLab job.
const maxExtendsWalk = 64

// extendsFrom returns the files defining the templates a GitLab job's
// extends: chain names, transitively, sorted; "" stands for a template no
// file read defines (it comes from a remote, project, template or component
// include, which are never fetched).
func (r *reader) extendsFrom(doc *gitlabDoc, name string) []string {
	seen := map[string]bool{name: true}
	set := map[string]bool{}
	queue := []string{name}
	for len(queue) > 0 && len(seen) <= maxExtendsWalk {
		cur := queue[0]
		queue = queue[1:]
		ext, _ := r.get(doc.defs[cur], "extends")
		for _, parent := range r.strs(ext) {
			if seen[parent] {
				continue
			}
			seen[parent] = true
			if _, ok := doc.defs[parent]; !ok {
				set[""] = true
				continue
			}
			set[r.pos(doc.knode[parent]).Path] = true
			queue = append(queue, parent)
		}
	}
	out := make([]string, 0, len(set))
	for f := range set {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// includeRefs returns the references a non-local GitLab include is
// approved by: a component as written, a project include's files as
// "group/project/path/file.yml@ref", a remote URL, a template's name.
func includeRefs(in Include) []string {
	switch in.Type {
	case "component", "remote", "template":
		return []string{in.Location}
	case "project":
		files := strings.TrimPrefix(in.Location, in.Project)
		files = strings.TrimPrefix(files, ":")
		if in.Ref != "" {
			files = strings.TrimSuffix(files, "@"+in.Ref)
		}
		var out []string
		for _, f := range strings.Split(files, ",") {
			ref := strings.TrimSuffix(in.Project, "/") + "/" + strings.TrimPrefix(strings.TrimSpace(f), "/")
			if strings.TrimSpace(f) == "" {
				ref = in.Project
			}
			if in.Ref != "" {
				ref += "@" + in.Ref
			}
			out = append(out, ref)
		}
		return out
	}
	return nil
}

// templateApproved reports whether a template reference matches one of the
// approved patterns: doublestar globs compared without case; a pattern
// without "@" matches every ref. A GitLab component's instance host is
// optional in a pattern ("my-group/components/x@*" matches
// "gitlab.com/my-group/components/x@1.0"), and a host written as a variable
// ("$CI_SERVER_FQDN/") matches any host.
func templateApproved(patterns []string, ref string) bool {
	ref = strings.ToLower(strings.TrimSpace(ref))
	if ref == "" {
		return false
	}
	refHost, refPath := splitHost(ref)
	for _, p := range patterns {
		p = strings.ToLower(strings.TrimSpace(p))
		if p == "" {
			continue
		}
		patHost, patPath := splitHost(p)
		switch {
		case globMatch(p, ref):
			return true
		case refHost != "" && patHost == "" && globMatch(p, refPath):
			return true
		case strings.HasPrefix(refHost, "$") && patHost != "" && globMatch(patPath, refPath):
			return true
		}
	}
	return false
}

// splitHost splits "gitlab.com/group/x" or "$CI_SERVER_FQDN/group/x" into
// the host and the rest; the host is "" when the first segment is not one.
func splitHost(s string) (host, rest string) {
	i := strings.IndexByte(s, '/')
	if i <= 0 || strings.HasPrefix(s, "./") || strings.Contains(s, "://") {
		return "", s
	}
	if h := s[:i]; strings.Contains(h, ".") || strings.HasPrefix(h, "$") {
		return h, s[i+1:]
	}
	return "", s
}

// globMatch matches one pattern against a reference; without "@" in the
// pattern, the reference's ref is left out.
func globMatch(p, ref string) bool {
	if !strings.Contains(p, "@") {
		ref, _, _ = strings.Cut(ref, "@")
	}
	if p == ref {
		return true
	}
	ok, _ := doublestar.Match(p, ref)
	return ok
}

// templateUses lists the AI and deploy jobs of every workflow and GitLab
// pipeline with the template each runs from, in pipeline and job order.
func (a *analysis) templateUses() []templateUse {
	aiJobs := map[*Job]bool{}
	for _, u := range a.ai {
		aiJobs[u.Job] = true
	}
	deployJobs := a.deployJobs()
	var out []templateUse
	for _, p := range a.workflows() {
		for _, j := range p.Jobs {
			ai := aiJobs[j] || (j.Uses != "" && len(callerCreds(j)) > 0)
			dep := deployJobs[j]
			if !ai && !dep {
				continue
			}
			u := templateUse{job: j, kind: "ai"}
			switch {
			case ai && dep:
				u.kind = "ai+deploy"
			case dep:
				u.kind = "deploy"
			}
			a.templateOf(&u)
			out = append(out, u)
		}
	}
	return out
}

// callerCreds returns the AI credentials a job hands to the reusable
// workflow it calls.
func callerCreds(j *Job) []credential {
	p := j.Pipeline
	return append(credsIn(p, j.SecretMap, "secrets", true), credsIn(p, j.With, "with", false)...)
}

// templateOf fills in the template a job runs from and whether it is
// approved.
func (a *analysis) templateOf(u *templateUse) {
	j, p := u.job, u.job.Pipeline
	ok := func(ref string) bool { return templateApproved(a.opts.ApprovedTemplates, ref) }
	switch p.Kind {
	case GitHub:
		switch {
		case j.Uses != "":
			u.template = j.Uses
		case p.Reusable:
			// A job of a reusable workflow runs from that workflow.
			u.template = "./" + p.Path
		}
		u.approved = ok(u.template)
		return
	case GitLab:
	default:
		return
	}
	// GitLab: a job defined in a local include, or extending a template
	// defined in one, runs from that file.
	var files []string
	if j.Pos.Path != "" && j.Pos.Path != p.Path {
		files = append(files, j.Pos.Path)
	}
	remote := false
	for _, f := range j.ExtendsFrom {
		switch {
		case f == "":
			remote = true
		case f != p.Path && !slices.Contains(files, f):
			files = append(files, f)
		}
	}
	for _, f := range files {
		if ok("./" + f) {
			u.template, u.approved = "./"+f, true
			return
		}
	}
	// A template no local file defines, or a job with no script of its own,
	// comes from a non-local include; which one is not known unless there
	// is only one, so all must be approved.
	var refs []string
	for _, in := range p.Includes {
		refs = append(refs, includeRefs(in)...)
	}
	if len(refs) > 0 && (remote || (len(j.Steps) == 0 && j.Trigger == "")) {
		u.template = strings.Join(refs, ", ")
		u.unsure = len(refs) > 1
		u.approved = true
		for _, ref := range refs {
			u.approved = u.approved && ok(ref)
		}
		return
	}
	if len(files) > 0 {
		u.template = "./" + files[0]
	}
}

// templateCoverage is the report section: nil when there is no AI or
// deploy job.
func (a *analysis) templateCoverage() *report.TemplateCoverage {
	uses := a.templateUses()
	if len(uses) == 0 {
		return nil
	}
	tc := &report.TemplateCoverage{Approved: slices.Clone(a.opts.ApprovedTemplates), Total: len(uses)}
	if tc.Approved == nil {
		tc.Approved = []string{}
	}
	for _, u := range uses {
		j := u.job
		tc.Jobs = append(tc.Jobs, report.TemplateUse{
			Location: finding.Location{Path: j.Pos.Path, StartLine: j.Pos.Line, StartCol: j.Pos.Col},
			Pipeline: j.Pipeline.Path, Job: j.ID, Kind: u.kind, Template: u.template, Approved: u.approved,
		})
		if u.approved {
			tc.Covered++
		}
	}
	slices.SortStableFunc(tc.Jobs, func(x, y report.TemplateUse) int {
		return cmp.Or(strings.Compare(x.Pipeline, y.Pipeline), strings.Compare(x.Location.Path, y.Location.Path),
			cmp.Compare(x.Location.StartLine, y.Location.StartLine), cmp.Compare(x.Location.StartCol, y.Location.StartCol))
	})
	return tc
}
