package licensetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Sentinel is the text of every file the hostile trees put outside their
// repositories: it must appear in no output.
const Sentinel = "SENTINEL-5c1e0f-BEGIN-PRIVATE-KEY-outside-the-repository"

// Hostile are repositories, built in one temporary directory, that point
// the license check outside themselves. Outside holds the files they point
// at, each carrying Sentinel (and an MIT text, so that one read by mistake
// would classify and be copied into the notices).
type Hostile struct {
	// Vendor is a module with vendor/ where
	//   vendor/example.com/m/LICENSE     links to Outside/secret.txt
	//   vendor/example.com/x/LICENSES    links to the directory Outside/lics
	//   vendor/example.com/zero/LICENSE  links to /dev/zero
	//   vendor/example.com/proc/LICENSE  links to /proc/self/environ
	//   vendor/example.com/fifo/LICENSE  is a FIFO
	//   vendor/example.com/big/LICENSE   is 2 MiB
	//   vendor/example.com/dir           links to the module directory Outside/dir
	// and example.com/mit is an ordinary MIT module.
	Vendor string
	// Work is a workspace whose go.work has `use ../outside` and
	// `replace example.com/y => ../outside/y`.
	Work string
	// Replace is a module whose go.mod has `replace example.com/y =>
	// ../outside/y`, without a go.work.
	Replace string
	// GoInputs is a module with an evil.go FIFO and an other.go linked to
	// Outside/secret.txt: files the go command would open.
	GoInputs string
	Outside  string
	Env      Env
}

// HostileTrees builds the hostile repositories. It needs a Unix system
// (FIFOs, /dev/zero).
func HostileTrees(t testing.TB) Hostile {
	t.Helper()
	dir := t.TempDir()
	mit := Text(t, "License/MIT/pristine.txt")
	secret := Sentinel + "\n\n" + mit
	h := Hostile{
		Vendor: filepath.Join(dir, "vendored"), Work: filepath.Join(dir, "work"), Replace: filepath.Join(dir, "replace"),
		GoInputs: filepath.Join(dir, "goinputs"), Outside: filepath.Join(dir, "outside"),
	}
	Write(t, h.Outside, map[string]string{
		"secret.txt":   secret,
		"lics/MIT.txt": secret,
		"go.mod":       "module example.com/outside\n\ngo 1.21\n",
		"outside.go":   "package outside\n",
		"LICENSE":      secret,
		"y/go.mod":     "module example.com/y\n\ngo 1.21\n",
		"y/y.go":       "package y\n",
		"y/LICENSE":    secret,
		"dir/dir.go":   "package dir\n",
		"dir/LICENSE":  secret,
		"dir/NOTICE":   secret,
	})
	lic := map[string]string{"LICENSE": mit}
	h.Env = Proxy(t, dir, []Module{
		{Path: "example.com/mit", Version: "v1.0.0", Files: lic},
		{Path: "example.com/m", Version: "v1.0.0", Files: lic},
		{Path: "example.com/x", Version: "v1.0.0", Files: map[string]string{"LICENSES/MIT.txt": mit}},
		{Path: "example.com/zero", Version: "v1.0.0", Files: lic},
		{Path: "example.com/proc", Version: "v1.0.0", Files: lic},
		{Path: "example.com/fifo", Version: "v1.0.0", Files: lic},
		{Path: "example.com/big", Version: "v1.0.0", Files: lic},
		{Path: "example.com/dir", Version: "v1.0.0", Files: lic},
	})

	Write(t, h.Vendor, map[string]string{
		"go.mod":  "module example.com/vendored\n\ngo 1.21\n",
		"main.go": Main("example.com/mit", "example.com/m", "example.com/x", "example.com/zero", "example.com/proc", "example.com/fifo", "example.com/big", "example.com/dir"),
	})
	h.Env.Go(t, h.Vendor, "mod", "tidy")
	h.Env.Go(t, h.Vendor, "mod", "vendor")
	v := func(p string) string { return filepath.Join(h.Vendor, "vendor", filepath.FromSlash(p)) }
	replaceWith := func(p string, make func(string) error) {
		t.Helper()
		if err := os.RemoveAll(p); err != nil {
			t.Fatal(err)
		}
		if err := make(p); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target string) func(string) error {
		return func(p string) error { return os.Symlink(target, p) }
	}
	replaceWith(v("example.com/m/LICENSE"), link(filepath.Join(h.Outside, "secret.txt")))
	replaceWith(v("example.com/x/LICENSES"), link(filepath.Join(h.Outside, "lics")))
	replaceWith(v("example.com/zero/LICENSE"), link("/dev/zero"))
	replaceWith(v("example.com/proc/LICENSE"), link("/proc/self/environ"))
	replaceWith(v("example.com/fifo/LICENSE"), func(p string) error { return mkfifo(p) })
	replaceWith(v("example.com/big/LICENSE"), func(p string) error {
		return os.WriteFile(p, []byte(strings.Repeat(mit, 2<<20/len(mit)+1)), 0o644)
	})
	// The vendored module directory itself leads out; the go command
	// still finds a package there.
	if err := os.WriteFile(filepath.Join(h.Outside, "dir", "dir.go"), []byte("package dir\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	replaceWith(v("example.com/dir"), link(filepath.Join(h.Outside, "dir")))

	modY := "module example.com/%s\n\ngo 1.21\n\nrequire (\n\texample.com/mit v1.0.0\n\texample.com/y v0.0.0-00010101000000-000000000000\n)\n\nreplace example.com/y => ../outside/y\n"
	for _, r := range []string{h.Work, h.Replace} {
		Write(t, r, map[string]string{
			"go.mod":  strings.Replace(modY, "%s", filepath.Base(r), 1),
			"main.go": Main("example.com/mit", "example.com/y"),
		})
		h.Env.Go(t, r, "mod", "tidy")
	}
	Write(t, h.Work, map[string]string{
		"go.work": "go 1.21\n\nuse (\n\t.\n\t../outside\n)\n\nreplace example.com/y => ../outside/y\n",
	})

	Write(t, h.GoInputs, map[string]string{"go.mod": "module example.com/goinputs\n\ngo 1.21\n", "main.go": "package main\n\nfunc main() {}\n"})
	if err := mkfifo(filepath.Join(h.GoInputs, "evil.go")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(h.Outside, "secret.txt"), filepath.Join(h.GoInputs, "other.go")); err != nil {
		t.Fatal(err)
	}
	return h
}
