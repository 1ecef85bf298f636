package licensing

import (
	"fmt"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

// severityOf maps an action to the severity of the finding it produces:
// fail is high (the default gate), warn is medium (shown, not gating by
// default).
func severityOf(a Action) finding.Severity {
	if a == Fail {
		return finding.High
	}
	return finding.Medium
}

// judge gives each module its expression, category and verdict, and adds
// the findings.
func judge(o Options, res *Result, locs *locations) {
	reqs := locs.reqs
	p := &o.Policy
	usedExc := make([]bool, len(p.Exceptions))
	expiredSeen := make([]bool, len(p.Exceptions))
	usedClar := make([]bool, len(p.Clarifications))
	var out []finding.Finding

	for _, m := range res.Modules {
		switch {
		case m.Manifest != "":
			m.GoMod = m.Manifest
		default:
			if r, ok := reqs[m.Path]; ok {
				m.GoMod, m.Line = r.path, r.line
			} else if r, ok := reqs[""]; ok {
				m.GoMod = r.path
			}
		}
		loc := finding.Location{Path: m.GoMod, StartLine: m.Line}
		if m.Outside != "" {
			// Not read: its license is unknown, whatever the policy says.
			m.Verdict, m.DecidedBy, m.Category = VerdictUnknown, "outside the repository", Unknown
			if _, done := locs.outside[m.Path]; !done {
				f := OutsideRoot.New(loc, "module %q %s: %s; its license was not read", m.Path, displayVersion(m), m.Outside)
				f.Detail = "tollgate reads nothing outside the scanned repository, so the module's license is unknown."
				f.Evidence = moduleEvidence(m, nil)
				f.Evidence["reason"] = m.Outside
				out = append(out, fp(f, m.Path))
			}
			continue
		}
		out = append(out, skippedFindings(m, loc)...)
		if m.Main || p.firstParty(m.Path) {
			m.Verdict, m.DecidedBy, m.Category = VerdictFirstParty, "first party", ""
			if !m.Main {
				m.DecidedBy = "first_party"
			}
			// The project's own license is reported, never judged; the
			// third-party code inside it (scopes) goes to the notices.
			m.Declared = declared(m.Files, nil, false)
			if m.Declared == "" {
				m.Declared = stated(m)
			}
			m.Concluded = m.Declared
			if m.Concluded != "" {
				m.Category = ExpressionCategory(m.Concluded)
			}
			for i := range m.Scopes {
				m.Scopes[i].Expression = declared(m.Scopes[i].Files, nil, false)
			}
			continue
		}
		if m.Error != "" && m.Dir == "" {
			m.Verdict, m.DecidedBy, m.Category = VerdictUnavailable, "module graph", Unknown
			f := GraphError.New(loc, "module %q %s is not available offline", m.Path, displayVersion(m))
			if notCached(m.Error) || m.Error == missingMessage {
				// A gap in this machine's module cache, not in the
				// repository: medium, naming what to run.
				f = GraphError.New(loc, "module %q %s is not in the module cache; run `go mod download` and scan again", m.Path, displayVersion(m))
				f.Severity = finding.Medium
			}
			f.Detail = "```\n" + m.Error + "\n```"
			f.Evidence = moduleEvidence(m, nil)
			f.Evidence["error"] = m.Error
			out = append(out, fp(f, m.Path))
			continue
		}

		// What the files say.
		readmeCh := false
		for _, r := range m.Readme {
			readmeCh = readmeCh || r.Choice
		}
		m.Declared = declared(m.Files, m.Readme, readmeCh)
		if m.Declared == "" {
			// No license file (or none read): the package manager's
			// metadata states the license.
			m.Declared = stated(m)
		}
		var scopeExprs []string
		for i := range m.Scopes {
			s := &m.Scopes[i]
			s.Expression = declared(s.Files, nil, false)
			if s.Expression != "" {
				scopeExprs = append(scopeExprs, s.Expression)
			}
		}
		switch {
		case m.Declared != "" && len(scopeExprs) > 0:
			m.Declared = join("AND", append([]string{m.Declared}, scopeExprs...))
		case m.Declared == "" && len(scopeExprs) > 0 && !hasLicenseFile(m):
			// The module's only license files sit in the directories of
			// the packages the build uses: those are its license.
			m.Declared = join("AND", scopeExprs)
		}
		var review *File
		for i := range m.Files {
			f := &m.Files[i]
			if f.Kind == KindLicense && f.Expression != "" && len(f.Extra) > 0 && review == nil {
				review = f
			}
		}
		m.Concluded = m.Declared
		var decided string

		// A clarification replaces what the files say while its file is unchanged.
		for ci, c := range p.Clarifications {
			if c.Module != m.Path || !versionMatch(c.Versions, m.Version) {
				continue
			}
			usedClar[ci] = true
			if hasFile(m, c.FileSHA256) {
				if expr, ok := normalizeExpr(c.Expression); ok {
					m.Concluded, m.Clarified, review = expr, true, nil
					break
				}
				f := StaleClarification.New(policyLoc(p, c.Line), "clarification for %q has expression %q, which is not a valid SPDX expression", c.Module, c.Expression)
				f.Evidence = moduleEvidence(m, nil)
				out = append(out, fp(f, m.Path))
				continue
			}
			f := StaleClarification.New(policyLoc(p, c.Line), "clarification for %q names a file that module %q %s no longer has", c.Module, m.Path, displayVersion(m))
			f.Detail = "No file at the module root has SHA-256 `" + c.FileSHA256 + "`. The module's files now hash to:\n\n" + fileHashes(m)
			f.Evidence = moduleEvidence(m, nil)
			f.Evidence["file_sha256"] = c.FileSHA256
			out = append(out, fp(f, m.Path))
		}
		m.NeedsReview = review != nil

		// The verdict, before exceptions.
		type problem struct {
			rule   finding.Rule
			action Action
			msg    string
			detail string
		}
		var prob *problem
		if m.Concluded == "" {
			m.Category = Unknown
			msg := fmt.Sprintf("module %q %s has no license file at its root", m.Path, displayVersion(m))
			detail := "tollgate looks for `LICENSE*`, `LICENCE*`, `COPYING*` and `UNLICENSE` at the module root and never above it."
			if hasLicenseFile(m) {
				msg = fmt.Sprintf("license file %q of module %q %s matches no known license", firstLicense(m).Path, m.Path, displayVersion(m))
				detail = "The classifier recognized no license text, header or SPDX-License-Identifier line in it."
			}
			for _, s := range m.Skipped {
				if s.Kind == KindLicense {
					detail += fmt.Sprintf(" `%s` was not read: it %s.", s.Path, s.Reason)
				}
			}
			if len(m.Readme) > 0 {
				detail += fmt.Sprintf(" The module has a README (`%s`, sha256 `%s`); if it states the license, add a `clarify` block bound to that hash.", m.Readme[0].Path, m.Readme[0].SHA256)
			}
			prob = &problem{UnknownLicense, p.unknownAction(), msg, detail}
			m.Verdict, decided = VerdictUnknown, "unknown"
		} else {
			m.Category = ExpressionCategory(m.Concluded)
			if denied := deniedBy(m.Concluded, p.Deny); len(denied) > 0 {
				prob = &problem{Denied, Fail, fmt.Sprintf("module %q %s is licensed %q, which the deny list refuses", m.Path, displayVersion(m), m.Concluded),
					"Denied: " + strings.Join(denied, ", ") + ". No choice the expression offers avoids them."}
				m.Verdict, decided = VerdictDenied, "deny list"
			} else if len(p.Allow) > 0 {
				if satisfies(m.Concluded, canonical(p.Allow)) {
					m.Verdict, decided = VerdictAllowed, "allow list"
				} else {
					prob = &problem{NotAllowed, Fail, fmt.Sprintf("module %q %s is licensed %q, which the allow list does not cover", m.Path, displayVersion(m), m.Concluded),
						"Allowed: " + strings.Join(p.Allow, ", ") + "."}
					m.Verdict, decided = VerdictNotAllowed, "allow list"
				}
			} else {
				a := p.categoryAction(m.Category)
				decided = "category " + string(m.Category)
				switch {
				case m.Category == Unknown:
					prob = &problem{UnknownLicense, p.unknownAction(), fmt.Sprintf("module %q %s is licensed %q, whose category is unknown", m.Path, displayVersion(m), m.Concluded),
						"The go-licenses v2.0.1 type table (with tollgate's additions) has no category for it. Set `categories`, `allow` or an `exception`."}
					m.Verdict = VerdictUnknown
				case a == Allow:
					m.Verdict = VerdictAllowed
				default:
					prob = &problem{NotAllowed, a, fmt.Sprintf("module %q %s is licensed %q (%s), a category the policy sets to %s", m.Path, displayVersion(m), m.Concluded, m.Category, a),
						"Category " + string(m.Category) + " is set to \"" + string(a) + "\"."}
					m.Verdict = VerdictNotAllowed
					if a == Warn {
						m.Verdict = VerdictWarn
					}
				}
			}
			if prob == nil && review != nil {
				prob = &problem{NeedsReview, p.needsReviewAction(),
					fmt.Sprintf("license file %q of module %q %s has text beyond the %q license", review.Path, m.Path, displayVersion(m), review.Expression),
					fmt.Sprintf("%.0f%% of its non-blank lines are license text, copyright lines or titles. First line not accounted for (line %d): `%s`.", review.Coverage*100, review.Extra[0], review.ExtraText)}
				m.Verdict, decided = VerdictNeedsReview, "license text review"
			}
		}
		m.DecidedBy = decided
		if m.Clarified {
			m.DecidedBy += " (expression from clarify)"
		}
		if prob == nil || prob.action == Allow {
			if prob != nil {
				m.Verdict = VerdictAllowed
			}
			continue
		}

		// Exceptions accept what the rest of the policy would not.
		excepted := false
		for ei := range p.Exceptions {
			e := &p.Exceptions[ei]
			if e.Module != m.Path || !versionMatch(e.Versions, m.Version) {
				continue
			}
			if len(e.Licenses) > 0 && (m.Concluded == "" || !satisfies(m.Concluded, canonical(e.Licenses))) {
				continue
			}
			if e.expired(o.Now) {
				if !expiredSeen[ei] {
					expiredSeen[ei] = true
					f := ExpiredException.New(policyLoc(p, e.Line), "license exception for %q expired on %s", e.Module, e.Expires.Format("2006-01-02"))
					f.Detail = "The exception no longer applies; module `" + m.Path + "` is judged by the rest of the policy. Reason it was granted: " + e.Reason
					f.Evidence = moduleEvidence(m, nil)
					f.Evidence["expires"] = e.Expires.Format("2006-01-02")
					f.Evidence["reason"] = e.Reason
					if e.Approver != "" {
						f.Evidence["approver"] = e.Approver
					}
					out = append(out, fp(f, e.Module))
				}
				continue
			}
			usedExc[ei] = true
			excepted = true
			m.Verdict, m.Exception = VerdictExcepted, e.Module
			m.DecidedBy = "exception " + e.Module
			break
		}
		if excepted {
			continue
		}
		f := prob.rule.New(loc, "%s", prob.msg)
		f.Severity = severityOf(prob.action)
		f.Detail = prob.detail
		f.Evidence = moduleEvidence(m, review)
		f.Evidence["decided_by"] = m.DecidedBy
		out = append(out, fp(f, m.Path))
	}
	for ei, e := range p.Exceptions {
		if usedExc[ei] || expiredSeen[ei] {
			continue
		}
		if e.expired(o.Now) {
			f := ExpiredException.New(policyLoc(p, e.Line), "license exception for %q expired on %s", e.Module, e.Expires.Format("2006-01-02"))
			f.Detail = "Reason it was granted: " + e.Reason
			f.Evidence = map[string]string{"module": e.Module, "expires": e.Expires.Format("2006-01-02"), "reason": e.Reason}
			out = append(out, fp(f, e.Module))
			continue
		}
		f := UnusedException.New(policyLoc(p, e.Line), "license exception for %q matches no module that needs it", e.Module)
		f.Evidence = map[string]string{"module": e.Module}
		if len(e.Versions) > 0 {
			f.Evidence["versions"] = strings.Join(e.Versions, ", ")
		}
		out = append(out, fp(f, e.Module))
	}
	for ci, c := range p.Clarifications {
		if usedClar[ci] {
			continue
		}
		f := UnusedException.New(policyLoc(p, c.Line), "license clarification for %q matches no module of the build", c.Module)
		f.Evidence = map[string]string{"module": c.Module}
		out = append(out, fp(f, "clarify|"+c.Module))
	}
	res.Findings = append(res.Findings, out...)
}

// skippedFindings reports the files of a module that were not read. A file
// inside the repository is named by its own path; one in the module cache
// by the requirement of its module.
func skippedFindings(m *ModuleResult, loc finding.Location) []finding.Finding {
	var out []finding.Finding
	for _, s := range m.Skipped {
		rule := UnreadableFile
		if s.Outside {
			rule = OutsideRoot
		}
		l := loc
		if s.RootPath != "" {
			l = finding.Location{Path: s.RootPath}
		}
		noun := fileNoun(s.Kind)
		if s.Dir {
			noun = "license directory"
		}
		f := rule.New(l, "%s %q of module %q %s %s; it was not read", noun, s.Path, m.Path, displayVersion(m), s.Reason)
		f.Detail = "A license, notice or README file must be a regular file inside the repository (or the module's directory in the module cache) and at most 1 MiB; this one is not, so its words are neither classified nor copied into the notices."
		f.Evidence = moduleEvidence(m, nil)
		f.Evidence["file"] = s.Path
		delete(f.Evidence, "sha256")
		f.Evidence["reason"] = s.Reason
		out = append(out, fp(f, m.Path+"|"+s.Path))
	}
	return out
}

func fileNoun(k FileKind) string {
	switch k {
	case KindLicense, KindDocsLicense:
		return "license file"
	case KindNotice:
		return "notice file"
	case KindPatents:
		return "patents file"
	}
	return "file"
}

// fp sets a fingerprint that survives version bumps and line moves: the
// rule, the file and the module.
func fp(f finding.Finding, key string) finding.Finding {
	f.Fingerprint = finding.Fingerprint(f.Rule, f.Location.Path, key)
	return f
}

func policyLoc(p *Policy, line int) finding.Location {
	file := p.File
	if file == "" {
		file = ".tollgate.hcl"
	}
	return finding.Location{Path: file, StartLine: line}
}

func displayVersion(m *ModuleResult) string {
	switch {
	case m.Replace != nil && m.Replace.Local:
		return "(replaced by local directory " + m.Replace.Path + ")"
	case m.Version == "":
		return "(no version)"
	}
	return m.Version
}

func moduleEvidence(m *ModuleResult, file *File) map[string]string {
	ev := map[string]string{"module": m.Path, "version": m.Version}
	if m.Replace != nil {
		ev["replace"] = m.Replace.Path
		if m.Replace.Local {
			ev["replace"] += " (local)"
		}
	}
	if m.Vendored {
		ev["vendored"] = "true"
	}
	if m.Concluded != "" {
		ev["license"] = m.Concluded
	}
	if m.Declared != "" && m.Declared != m.Concluded {
		ev["declared"] = m.Declared
	}
	if m.Category != "" {
		ev["category"] = string(m.Category)
	}
	if file == nil {
		file = firstLicense(m)
	}
	if file != nil {
		ev["file"] = file.Path
		ev["sha256"] = file.SHA256
		if len(file.Extra) > 0 {
			ev["coverage"] = fmt.Sprintf("%.3f", file.Coverage)
		}
	}
	return ev
}

func hasLicenseFile(m *ModuleResult) bool { return firstLicense(m) != nil }

func firstLicense(m *ModuleResult) *File {
	for i := range m.Files {
		if m.Files[i].Kind == KindLicense {
			return &m.Files[i]
		}
	}
	return nil
}

func hasFile(m *ModuleResult, sum string) bool {
	sum = strings.ToLower(strings.TrimSpace(sum))
	for _, f := range m.Files {
		if f.SHA256 == sum {
			return true
		}
	}
	for _, f := range m.Readme {
		if f.SHA256 == sum {
			return true
		}
	}
	return false
}

func fileHashes(m *ModuleResult) string {
	var lines []string
	for _, f := range append(slices.Clone(m.Files), m.Readme...) {
		lines = append(lines, fmt.Sprintf("- `%s` `%s`", f.Path, f.SHA256))
	}
	if len(lines) == 0 {
		return "(no license files or README)"
	}
	return strings.Join(lines, "\n")
}

// stated is the normalized license the package manager's metadata
// states, or "".
func stated(m *ModuleResult) string {
	if e, ok := normalizeExpr(m.StatedLicense); ok {
		return e
	}
	return ""
}

// canonical maps policy license names to SPDX.
func canonical(ls []string) []string {
	out := make([]string, 0, len(ls))
	for _, l := range ls {
		out = append(out, ToSPDX(l))
	}
	return out
}
