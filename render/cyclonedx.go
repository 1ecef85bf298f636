package render

import (
	"crypto/sha256"
	"fmt"
	"io"
	"net/url"
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
	var mains []string
	id := sha256.New()
	if l := r.Licenses; l != nil {
		for _, m := range l.Modules {
			if m.FirstParty {
				mains = append(mains, m.Module)
				continue
			}
			c := cdx.Component{
				Type:    cdx.ComponentTypeLibrary,
				Name:    m.Module,
				Version: m.Version,
			}
			if m.Version != "" && !m.Local {
				c.PackageURL = purl(m.Module, m.Version)
				c.BOMRef = c.PackageURL
			} else {
				c.BOMRef = "local:" + m.Module
			}
			var lic cdx.Licenses
			if m.Declared != "" {
				lic = append(lic, choice(m.Declared, cdx.LicenseAcknowledgementDeclared))
			}
			if m.Expression != "" {
				lic = append(lic, choice(m.Expression, cdx.LicenseAcknowledgementConcluded))
			}
			if len(lic) > 0 {
				c.Licenses = &lic
			}
			props := []cdx.Property{{Name: "tollgate:license:verdict", Value: m.Verdict}}
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
			fmt.Fprintf(id, "%s@%s\x00%s\x00%s\x00", m.Module, m.Version, m.Declared, m.Expression)
			comps = append(comps, c)
		}
	}
	if len(mains) > 0 {
		bom.Metadata.Component = &cdx.Component{Type: cdx.ComponentTypeApplication, Name: strings.Join(mains, ", "), BOMRef: "main"}
		if r.Repository.Commit != "" {
			bom.Metadata.Component.Version = r.Repository.Commit
		}
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

// choice is one license entry: a single SPDX identifier as a license
// object, anything else as an expression.
func choice(expr string, ack cdx.LicenseAcknowledgement) cdx.LicenseChoice {
	if !strings.ContainsAny(expr, " ()") && !strings.HasPrefix(expr, "LicenseRef-") {
		return cdx.LicenseChoice{License: &cdx.License{ID: expr, Acknowledgement: ack}}
	}
	return cdx.LicenseChoice{Expression: expr, Acknowledgement: &ack}
}

// purl builds the package URL of a Go module: pkg:golang/<path>@<version>,
// each path segment percent-encoded.
func purl(path, version string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return "pkg:golang/" + strings.Join(segs, "/") + "@" + url.PathEscape(version)
}
