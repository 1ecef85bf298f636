package evidence

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/tollgate-dev/tollgate/controls"
	"github.com/tollgate-dev/tollgate/finding"
	"github.com/tollgate-dev/tollgate/render"
	"github.com/tollgate-dev/tollgate/report"
)

// The fixed names inside a packet.
const (
	SumsFile      = "SHA256SUMS"
	StatementFile = "statement.json"
	EnvelopeFile  = "statement.dsse.json"
	PAEFile       = "statement.pae"
	SigFile       = "statement.sig"
	PublicKeyFile = "public-key.pem"
	PolicyFile    = "policy.hcl"
	// ControlsFile lists every control of the catalogue with the evidence
	// of the run (schema ControlsSchema).
	ControlsFile = "controls.json"
)

// ControlsSchema names the format of controls.json.
const ControlsSchema = "tollgate.controls/v1"

// PayloadType is the DSSE payload type of the statement.
const PayloadType = "application/vnd.in-toto+json"

// PredicateType names the predicate of tollgate's statement.
const PredicateType = "https://tollgate.dev/evidence/v1"

// formats maps the packet's report files to the render formats that write
// them. Formats not registered in this build are left out.
var formats = []struct{ file, format string }{
	{"report.json", "json"},
	{"report.txt", "text"},
	{"report.md", "markdown"},
	{"report.html", "html"},
	{"report.sarif", "sarif"},
	{"sbom.cdx.json", "cyclonedx"},
}

// Options configures Build. The zero value writes an unsigned packet.
type Options struct {
	// Policy is the policy file's content, copied into the packet when non-nil.
	Policy []byte
	// Key signs the statement when non-nil.
	Key ed25519.PrivateKey
}

// Statement is an in-toto v1 statement about the scanned commit.
type Statement struct {
	Type          string    `json:"_type"`
	Subject       []Subject `json:"subject"`
	PredicateType string    `json:"predicateType"`
	Predicate     Predicate `json:"predicate"`
}

// Subject names what the statement is about: the repository at a commit.
type Subject struct {
	Name   string            `json:"name"`
	Digest map[string]string `json:"digest"`
}

// Predicate is tollgate's verdict and the files that carry it.
type Predicate struct {
	Tool         report.Tool       `json:"tool"`
	PolicyDigest string            `json:"policy_digest"`
	Passed       bool              `json:"passed"`
	Gates        []report.Gate     `json:"gates"`
	Suppressions int               `json:"suppressions"`
	ScannedAt    string            `json:"scanned_at"`
	Files        map[string]string `json:"files"`
}

// Envelope is a DSSE envelope.
type Envelope struct {
	PayloadType string      `json:"payloadType"`
	Payload     string      `json:"payload"`
	Signatures  []Signature `json:"signatures"`
}

// Signature is one DSSE signature.
type Signature struct {
	KeyID string `json:"keyid"`
	Sig   string `json:"sig"`
}

// Build writes the packet for r into dir, which must not exist or be empty.
func Build(dir string, r *report.Report, opts Options) error {
	files := map[string][]byte{}
	for _, f := range formats {
		fm, err := render.Lookup(f.format)
		if err != nil {
			continue
		}
		var b bytes.Buffer
		if err := fm.Render(&b, r, render.Options{ShowSuppressed: true}); err != nil {
			return fmt.Errorf("render %s: %w", f.format, err)
		}
		files[f.file] = b.Bytes()
	}
	if opts.Policy != nil {
		files[PolicyFile] = opts.Policy
	}
	cb, err := controlsFile(r)
	if err != nil {
		return err
	}
	files[ControlsFile] = cb
	digests := map[string]string{}
	for name, b := range files {
		digests[name] = sum(b)
	}
	st := Statement{
		Type:          StatementType,
		PredicateType: PredicateType,
		Predicate: Predicate{
			Tool: r.Tool, PolicyDigest: r.PolicyDigest, Passed: r.Passed(), Gates: r.Gates,
			Suppressions: len(r.Suppressed()), ScannedAt: r.StartedAt.UTC().Format("2006-01-02T15:04:05Z"), Files: digests,
		},
	}
	// The subject names the repository (its remote, see Repository.Name),
	// and only without a name the scanned directory.
	name := r.Repository.Name
	if name == "" {
		name = r.Repository.Root
		if abs, err := filepath.Abs(name); err == nil {
			name = abs
		}
		name = filepath.Base(name)
		if name == "." || name == "/" || name == "" {
			name = "repository"
		}
	}
	subj := Subject{Name: name, Digest: map[string]string{}}
	if r.Repository.Commit != "" {
		subj.Digest["gitCommit"] = r.Repository.Commit
	} else {
		subj.Digest["sha256"] = digests["report.json"]
	}
	st.Subject = []Subject{subj}
	stBytes, err := json.MarshalIndent(st, "", "  ")
	if err != nil {
		return err
	}
	stBytes = append(stBytes, '\n')
	files[StatementFile] = stBytes

	if opts.Key != nil {
		pae := PAE(PayloadType, stBytes)
		sig := ed25519.Sign(opts.Key, pae)
		pub := opts.Key.Public().(ed25519.PublicKey)
		pubPEM, err := EncodePublicKey(pub)
		if err != nil {
			return err
		}
		env := Envelope{PayloadType: PayloadType, Payload: base64.StdEncoding.EncodeToString(stBytes),
			Signatures: []Signature{{KeyID: KeyID(pub), Sig: base64.StdEncoding.EncodeToString(sig)}}}
		envBytes, err := json.MarshalIndent(env, "", "  ")
		if err != nil {
			return err
		}
		files[EnvelopeFile] = append(envBytes, '\n')
		files[PAEFile] = pae
		files[SigFile] = sig
		files[PublicKeyFile] = pubPEM
	}
	files[SumsFile] = sums(files)
	return writeDir(dir, files)
}

// controlsFile writes the controls of the report, or judges them now for
// a report made without them (one read back from an older run).
func controlsFile(r *report.Report) ([]byte, error) {
	var c *report.Controls
	if r.Governance != nil {
		c = r.Governance.Controls
	}
	if c == nil {
		c = controls.Evaluate(r, finding.Rules())
	}
	doc := struct {
		Schema string `json:"schema"`
		// Commit and PolicyDigest tie the file to the run without the
		// rest of the report.
		Commit       string `json:"commit,omitempty"`
		PolicyDigest string `json:"policy_digest"`
		*report.Controls
	}{ControlsSchema, r.Repository.Commit, r.PolicyDigest, c}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", ControlsFile, err)
	}
	return append(b, '\n'), nil
}

// PAE is DSSE's pre-authentication encoding of a payload.
func PAE(payloadType string, payload []byte) []byte {
	return fmt.Appendf(nil, "DSSEv1 %d %s %d %s", len(payloadType), payloadType, len(payload), payload)
}

// KeyID is the hex SHA-256 of the public key's bytes.
func KeyID(pub ed25519.PublicKey) string { return sum(pub) }

func sum(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// sums writes a SHA256SUMS file in coreutils' format, sorted by name.
func sums(files map[string][]byte) []byte {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	var b bytes.Buffer
	for _, n := range names {
		fmt.Fprintf(&b, "%s  %s\n", sum(files[n]), n)
	}
	return b.Bytes()
}

func writeDir(dir string, files map[string][]byte) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("write packet: %q exists and is not empty", dir)
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("write packet: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".tmp*")
	if err != nil {
		return fmt.Errorf("write packet: %w", err)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(tmp, name), b, 0o644); err != nil {
			os.RemoveAll(tmp)
			return fmt.Errorf("write packet: %w", err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("write packet: %w", err)
	}
	os.Remove(dir) // an empty directory in the way
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("write packet: %w", err)
	}
	return nil
}
