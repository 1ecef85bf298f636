package render

import (
	"crypto/sha256"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/tollgate-dev/tollgate/report"
)

func init() {
	Register(Format{Name: "cyclonedx", Doc: "CycloneDX 1.7 JSON SBOM of the Go module graph, with declared and concluded licenses", Render: CycloneDX})
}

// CycloneDX writes the report's licenses section as a CycloneDX 1.7 JSON
// SBOM: one library component per third-party module@version, with its
// package URL, its licenses as declared by its files and as concluded by
// the policy run (each marked with its acknowledgement), and the verdict,
// category and license-file hashes as properties. It reads report.Licenses
// only; the serial number is derived from the content, so the same report
// gives the same bytes.
func CycloneDX(w io.Writer, r *report.Report, _ Options) error {
	bom := cdx.NewBOM()
	bom.Metadata = &cdx.Metadata{
		Tools: &cdx.ToolsChoice{Components: &[]cdx.Component{{
			Type: cdx.ComponentTypeApplication, Name: r.Tool.Name, Version: r.Tool.Version,
		}}},
	}
	if !r.StartedAt.IsZero() {
		bom.Metadata.Timestamp = r.StartedAt.UTC().Format(time.RFC3339)
	}
	var comps []cdx.Component
	id := sha256.New()
	refs := map[string]string{}
	var deps []cdx.Dependency
	if l := r.Licenses; l != nil {
		root := projectModule(l.Modules)
		for i := range l.Modules {
			m := &l.Modules[i]
			c := cdx.Component{
				Type:    cdx.ComponentTypeLibrary,
				Name:    m.Module,
				Version: m.Version,
			}
			switch {
			case m.Ecosystem == "npm" && m.Version != "" && !m.FirstParty:
				c.PackageURL = npmPurl(m.Module, m.Version)
				c.BOMRef = c.PackageURL
			case m.FirstParty && m.Ecosystem == "npm":
				c.PackageURL = npmPurl(m.Module, m.Version)
				c.BOMRef = npmPurl(m.Module, "")
			case m.Version != "" && !m.Local:
				c.PackageURL = purl(m.Module, m.Version)
				c.BOMRef = c.PackageURL
			case m.FirstParty:
				// The repository's own module: its version is the commit
				// the SBOM describes, when known.
				c.Version = r.Repository.Commit
				c.PackageURL = purl(m.Module, c.Version)
				c.BOMRef = purl(m.Module, "")
			default:
				c.BOMRef = "local:" + m.Module
			}
			refs[moduleKey(m)] = c.BOMRef
			var lic cdx.Licenses
			if m.Declared != "" {
				lic = append(lic, choice(m.Declared, cdx.LicenseAcknowledgementDeclared))
			}
			if m.Expression != "" && !m.FirstParty {
				lic = append(lic, choice(m.Expression, cdx.LicenseAcknowledgementConcluded))
			}
			if len(lic) > 0 {
				c.Licenses = &lic
			}
			props := []cdx.Property{{Name: "tollgate:license:verdict", Value: m.Verdict}}
			if m.FirstParty {
				props = append(props, cdx.Property{Name: "tollgate:first-party", Value: "true"})
			}
			if m.Category != "" {
				props = append(props, cdx.Property{Name: "tollgate:license:category", Value: m.Category})
			}
			if m.DecidedBy != "" {
				props = append(props, cdx.Property{Name: "tollgate:license:decided-by", Value: m.DecidedBy})
			}
			if m.Replace != "" {
				v := m.Replace
				if m.Local {
					v += " (local)"
				}
				props = append(props, cdx.Property{Name: "tollgate:replace", Value: v})
			}
			if m.Vendored {
				props = append(props, cdx.Property{Name: "tollgate:vendored", Value: "true"})
			}
			for _, f := range m.Files {
				v := f.SHA256
				if f.Expression != "" {
					v += " " + f.Expression
				}
				props = append(props, cdx.Property{Name: "tollgate:license-file:" + f.Kind + ":" + f.Path, Value: v})
			}
			c.Properties = &props
			if m.Link != "" {
				c.ExternalReferences = &[]cdx.ExternalReference{{Type: cdx.ERTypeDocumentation, URL: m.Link}}
			}
			fmt.Fprintf(id, "%s@%s\x00%s\x00%s\x00%q\x00", m.Module, m.Version, m.Declared, m.Expression, m.DependsOn)
			if i == root {
				// The project itself: the SBOM's subject, not one of its
				// components.
				c.Type = cdx.ComponentTypeApplication
				bom.Metadata.Component = &c
				continue
			}
			comps = append(comps, c)
		}
		// The dependency graph: one entry per component (and the
		// subject), each naming the modules its packages import.
		for i := range l.Modules {
			m := &l.Modules[i]
			var on []string
			for _, d := range m.DependsOn {
				if ref, ok := refs[d]; ok {
					on = append(on, ref)
				}
			}
			slices.Sort(on)
			dep := cdx.Dependency{Ref: refs[moduleKey(m)]}
			if len(on) > 0 {
				on = slices.Compact(on)
				dep.Dependencies = &on
			}
			deps = append(deps, dep)
		}
	}
	if len(deps) > 0 {
		bom.Dependencies = &deps
	}
	comps = append([]cdx.Component(nil), comps...)
	bom.Components = &comps
	fmt.Fprintf(id, "%s\x00%s", r.Repository.Commit, r.Tool.Version)
	sum := id.Sum(nil)
	// A name-based UUID (version 5 layout) from the content.
	sum[6] = sum[6]&0x0f | 0x50
	sum[8] = sum[8]&0x3f | 0x80
	bom.SerialNumber = fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
	return cdx.NewBOMEncoder(w, cdx.BOMFileFormatJSON).SetPretty(true).SetEscapeHTML(true).EncodeVersion(bom, cdx.SpecVersion1_7)
}

// npmPurl builds the package URL of an npm package:
// pkg:npm/<name>@<version>, the scope's "@" percent-encoded.
func npmPurl(name, version string) string {
	segs := strings.Split(name, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	p := "pkg:npm/" + strings.ReplaceAll(strings.Join(segs, "/"), "@", "%40")
	if version != "" {
		p += "@" + url.PathEscape(version)
	}
	return p
}

// projectModule is the index of the module the SBOM describes: the
// first-party module at the repository's root directory, else the one with
// the shortest path (nested modules' paths usually extend the root's), or -1
// when there is none. A nested module named with a short path of its own
// ("compliance") does not take the root's place.
func projectModule(ms []report.ModuleLicense) int {
	best := -1
	for i, m := range ms {
		if !m.FirstParty || m.Local {
			continue
		}
		if best < 0 || less(m, ms[best]) {
			best = i
		}
	}
	return best
}

// less orders candidates for the SBOM's subject: the module at the root
// first, then a Go module before a package of another ecosystem, then the
// shorter path, then by path.
func less(a, b report.ModuleLicense) bool {
	if (a.Dir == ".") != (b.Dir == ".") {
		return a.Dir == "."
	}
	if (a.Ecosystem == "") != (b.Ecosystem == "") {
		return a.Ecosystem == ""
	}
	if len(a.Module) != len(b.Module) {
		return len(a.Module) < len(b.Module)
	}
	return a.Module < b.Module
}

// moduleKey is a module's identity as DependsOn names it.
func moduleKey(m *report.ModuleLicense) string {
	if m.Version == "" || m.Local {
		return m.Module
	}
	return m.Module + "@" + m.Version
}

// choice is one license entry: a single SPDX identifier as a license
// object, anything else as an expression.
func choice(expr string, ack cdx.LicenseAcknowledgement) cdx.LicenseChoice {
	if !strings.ContainsAny(expr, " ()") && !strings.HasPrefix(expr, "LicenseRef-") {
		return cdx.LicenseChoice{License: &cdx.License{ID: expr, Acknowledgement: ack}}
	}
	return cdx.LicenseChoice{Expression: expr, Acknowledgement: &ack}
}

// purl builds the package URL of a Go module: pkg:golang/<path>@<version>,
// each path segment percent-encoded; without a version, no "@".
func purl(path, version string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	p := "pkg:golang/" + strings.Join(segs, "/")
	if version != "" {
		p += "@" + url.PathEscape(version)
	}
	return p
}
