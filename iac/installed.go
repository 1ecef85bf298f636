package iac

import (
	"encoding/json"
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/tollgate-dev/tollgate/finding"
)

// Modules installed by the user's own `terraform init` are listed in
// .terraform/modules/modules.json beside the root configuration: each
// module call's key ("vpc", "eks.kms" for a call inside module eks) and the
// directory its code was downloaded to, relative to the root. tollgate
// reads that manifest and the downloaded code through the scan's file
// system, so nothing outside the scanned tree is read and nothing is
// fetched; it never runs terraform.

// installedManifest is the part of modules.json tollgate reads.
type installedManifest struct {
	Modules []struct {
		Key    string `json:"Key"`
		Source string `json:"Source"`
		Dir    string `json:"Dir"`
	} `json:"Modules"`
}

// Bounds on what one manifest may make tollgate read.
const (
	maxInstalledModules = 2000
	maxInstalledFiles   = 500 // per module directory
	maxManifestBytes    = 8 << 20
)

// isInstalledDir reports a directory inside a .terraform directory: code
// downloaded by terraform init, not written in the repository.
func isInstalledDir(dir string) bool {
	return dir == ".terraform" || strings.HasPrefix(dir, ".terraform/") || strings.Contains(dir, "/.terraform/") ||
		strings.HasSuffix(dir, "/.terraform")
}

// loadInstalled reads the module manifests of the root configurations with
// remote module calls and loads the downloaded modules they list that are
// not loaded yet. A manifest that cannot be read or parsed is ignored: the
// calls are then judged at the call site.
func (l *loader) loadInstalled(fsys fs.FS) []finding.Finding {
	var out []finding.Finding
	l.installed = map[string]map[string]string{}
	dirs := slices.Clone(l.dirs)
	slices.Sort(dirs)
	for _, dir := range dirs {
		if isInstalledDir(dir) || !hasRemoteCall(l.byDir[dir]) {
			continue
		}
		mp := path.Join(dir, ".terraform/modules/modules.json")
		src, err := fs.ReadFile(fsys, mp)
		if err != nil || len(src) > maxManifestBytes {
			continue
		}
		var man installedManifest
		if json.Unmarshal(src, &man) != nil {
			continue
		}
		keys := map[string]string{}
		for i, e := range man.Modules {
			if i >= maxInstalledModules {
				break
			}
			if e.Key == "" || e.Dir == "" || path.IsAbs(e.Dir) || strings.Contains(e.Dir, `\`) {
				continue
			}
			d := path.Clean(path.Join(dir, e.Dir))
			if d == ".." || strings.HasPrefix(d, "../") {
				continue
			}
			keys[e.Key] = d
			if l.byDir[d] == nil && isInstalledDir(d) {
				out = append(out, l.loadDir(fsys, d)...)
			}
		}
		l.installed[dir] = keys
	}
	return out
}

// loadDir parses the Terraform configuration files of one downloaded
// module directory.
func (l *loader) loadDir(fsys fs.FS, dir string) []finding.Finding {
	ents, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	var out []finding.Finding
	n := 0
	for _, e := range ents {
		name := e.Name()
		if !e.Type().IsRegular() || !(strings.HasSuffix(name, ".tf") || strings.HasSuffix(name, ".tf.json")) {
			continue
		}
		if n++; n > maxInstalledFiles {
			break
		}
		p := path.Join(dir, name)
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			continue
		}
		frag, diags := readFile(p, src)
		out = append(out, DiagFindings(diags)...)
		if frag != nil {
			l.add(p, frag)
		}
	}
	return out
}

func hasRemoteCall(m *Module) bool {
	for _, c := range m.Calls {
		if c.Kind != "local" {
			return true
		}
	}
	return false
}

// linkInstalled links the remote calls of the roots with a manifest, and
// of the modules installed under them, to the downloaded modules. A key
// is the call's name under a root, and the caller's key, a dot and the
// call's name below.
func (l *loader) linkInstalled(mods []*Module) {
	type at struct{ root, key string }
	keyOf := map[*Module]at{}
	for _, root := range sortedKeys(l.installed) {
		keys := l.installed[root]
		for _, k := range sortedKeys(keys) {
			if m := l.byDir[keys[k]]; m != nil {
				if _, ok := keyOf[m]; !ok {
					keyOf[m] = at{root, k}
				}
			}
		}
	}
	for _, m := range mods {
		var root, prefix string
		if k, ok := keyOf[m]; ok {
			root, prefix = k.root, k.key+"."
		} else if _, ok := l.installed[m.Dir]; ok {
			root = m.Dir
		} else {
			continue
		}
		for _, c := range m.Calls {
			if c.Kind == "local" || c.Target != nil {
				continue
			}
			d, ok := l.installed[root][prefix+c.Name]
			if !ok || !isInstalledDir(d) {
				continue // a remote call is only ever downloaded under .terraform
			}
			if t := l.byDir[d]; t != nil && t != m {
				c.Target = t
				c.Installed = true
				t.Callers = append(t.Callers, c)
			}
		}
	}
}

// dropInstalled removes what is reported inside downloaded modules: their
// code is not the repository's to fix. What they do to the repository's own
// calls is reported at those calls, and their AI and GPU resources stay in
// the inventory.
func dropInstalled(res *Result) {
	res.Findings = slices.DeleteFunc(res.Findings, func(f finding.Finding) bool {
		return isInstalledDir(path.Dir(f.Location.Path))
	})
	res.External = slices.DeleteFunc(res.External, func(e ExternalModule) bool {
		return isInstalledDir(path.Dir(e.Location.Path))
	})
}
