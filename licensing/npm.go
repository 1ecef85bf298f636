package licensing

import (
	"encoding/json"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

// EcosystemNPM marks a module that is an npm package of a package-lock.json.
const EcosystemNPM = "npm"

// maxLockBytes caps a package-lock.json; the lock of a very large
// monorepo is tens of megabytes.
const maxLockBytes = 128 << 20

// npmLock is the part of a package-lock.json (lockfileVersion 2 or 3)
// that is read: its packages, keyed by their node_modules path.
type npmLock struct {
	LockfileVersion int                   `json:"lockfileVersion"`
	Packages        map[string]npmPackage `json:"packages"`
}

type npmPackage struct {
	Name    string          `json:"name"`
	Version string          `json:"version"`
	License json.RawMessage `json:"license"`
	Link    bool            `json:"link"`
	Dev     bool            `json:"dev"`
	// Resolved is, for a link, the directory it points to, relative to
	// the lock.
	Resolved string `json:"resolved"`
}

// npmLegacy maps license strings that old packages wrote, which are not
// SPDX expressions, to the identifier they mean, as npm's own
// normalize-package-data (spdx-correct) does: "MIT/X11" is the MIT
// license under its two names, not the X11 license.
var npmLegacy = map[string]string{
	"mit/x11":   "MIT",
	"mit / x11": "MIT",
	"x11/mit":   "MIT",
}

// npmLicense reads a package.json or lock "license" field: an SPDX
// expression string, or the legacy {"type": "MIT"} object.
func npmLicense(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		var o struct{ Type string }
		if json.Unmarshal(raw, &o) != nil {
			return ""
		}
		s = o.Type
	}
	s = strings.TrimSpace(s)
	if id, ok := npmLegacy[strings.ToLower(s)]; ok {
		return id
	}
	return s
}

// parseNPMLock returns the packages of a package-lock.json as modules:
// the root entry ("") is the project, first party; every
// node_modules/<name> entry is a third-party package. Links (workspace
// members) are first party. Lock files of version 1 carry no licenses,
// which the error says.
func parseNPMLock(lockPath string, b []byte) ([]*Module, error) {
	var l npmLock
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("parse %s: %w", lockPath, err)
	}
	if l.Packages == nil {
		return nil, fmt.Errorf("%s is lockfileVersion %d, which has no \"packages\" and carries no licenses; run `npm install --lockfile-version 3` to upgrade it", lockPath, l.LockfileVersion)
	}
	dir := path.Dir(lockPath)
	var out []*Module
	keys := make([]string, 0, len(l.Packages))
	for k := range l.Packages {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p := l.Packages[k]
		if _, ok := l.Packages[p.Resolved]; p.Link && ok {
			// node_modules/<member> links to a workspace member that
			// has an entry of its own, under its directory: listed once.
			continue
		}
		m := &Module{Ecosystem: EcosystemNPM, Manifest: lockPath, Version: p.Version, StatedLicense: npmLicense(p.License)}
		i := strings.LastIndex(k, "node_modules/")
		switch {
		case k == "":
			m.Path, m.Main = p.Name, true
			if m.Path == "" {
				m.Path = path.Base(filepath.ToSlash(dir))
			}
			m.Dir = dir
		case i < 0:
			// A workspace member (a directory of the repository).
			m.Path, m.Main, m.Dir = p.Name, true, path.Join(dir, k)
			if m.Path == "" {
				m.Path = k
			}
		case p.Link:
			// A link to a directory the lock has no entry for: named as
			// it is installed, first party.
			m.Path, m.Main = k[i+len("node_modules/"):], true
			if p.Name != "" {
				m.Path = p.Name
			}
			if p.Resolved != "" {
				m.Dir = path.Join(dir, p.Resolved)
			}
		default:
			m.Path = k[i+len("node_modules/"):]
			if p.Name != "" {
				m.Path = p.Name
			}
			m.Dir = path.Join(dir, k)
		}
		if m.Dir == ".." || strings.HasPrefix(m.Dir, "../") || path.IsAbs(m.Dir) || strings.ContainsRune(m.Dir, '\x00') {
			// A key that leads out of the repository names no directory
			// of it; the package keeps the lock's license only.
			m.Dir = ""
		}
		out = append(out, m)
	}
	return out, nil
}

// otherLockFindings reports the lock files of package managers whose locks
// carry no licenses, when no package-lock.json sits beside them.
func otherLockFindings(others, npmLocks []string) []finding.Finding {
	var out []finding.Finding
	for _, l := range others {
		if slices.Contains(npmLocks, path.Join(path.Dir(l), "package-lock.json")) {
			continue
		}
		f := GraphError.New(finding.Location{Path: l}, "%q carries no licenses, so the packages it locks were not checked; tollgate reads package-lock.json (lockfileVersion 2 or 3)", l)
		f.Severity = finding.Medium
		f.Detail = "yarn.lock, pnpm-lock.yaml and bun.lock record versions and hashes but not licenses. Generate a package-lock.json beside it (`npm install --package-lock-only`) to have the packages' licenses checked."
		out = append(out, fp(f, l))
	}
	return out
}

// npmModules reads the lock files (root-relative) through the
// repository's root. A package whose node_modules directory is absent
// keeps only the lock's license; one that is present is read like a Go
// module's directory, and its package.json's license is used when the
// lock has none.
func (a *access) npmModules(locks []string) ([]*ModuleResult, []finding.Finding) {
	var out []*ModuleResult
	var fs []finding.Finding
	seen := map[string]bool{}
	for _, lp := range locks {
		b, err := a.root.ReadFileMax(lp, maxLockBytes)
		if err != nil {
			f := GraphError.New(finding.Location{Path: lp}, "%q could not be read: %s", lp, readReason(err))
			fs = append(fs, fp(f, lp))
			continue
		}
		mods, err := parseNPMLock(lp, b)
		if err != nil {
			f := GraphError.New(finding.Location{Path: lp}, "%s", err.Error())
			f.Severity = finding.Medium
			fs = append(fs, fp(f, lp))
			continue
		}
		for _, m := range mods {
			rel := m.Dir
			m.Dir = ""
			if rel != "" && a.root.IsDir(rel) {
				m.Dir = filepath.Join(a.abs, filepath.FromSlash(rel))
				if m.StatedLicense == "" && !m.Main {
					if pj, err := a.root.ReadFileMax(path.Join(rel, "package.json"), maxModFileBytes); err == nil {
						var p struct {
							License json.RawMessage `json:"license"`
						}
						if json.Unmarshal(pj, &p) == nil {
							m.StatedLicense = npmLicense(p.License)
						}
					}
				}
			}
			k := "npm:" + m.Key()
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, &ModuleResult{Module: *m})
		}
	}
	return out, fs
}
