package licensing

import (
	"bytes"
	"errors"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/licenseclassifier/v2/assets"
)

// FuzzAnalyse feeds arbitrary license-file content, with a classifier
// match over arbitrary lines, to tollgate's reading of matches: coverage,
// extra lines, SPDX lines and the choice wording must never panic and must
// stay consistent. The classifier itself is not fuzzed (it is
// go-licenses'), so no corpus needs loading.
func FuzzAnalyse(f *testing.F) {
	mit, _ := assets.ReadLicenseFile("License/MIT/pristine.txt")
	f.Add(mit, "MIT", 1, 20)
	f.Add([]byte("SPDX-License-Identifier: MIT OR Apache-2.0\n"), "", 0, 0)
	f.Add([]byte("// SPDX-License-Identifier: (GPL-2.0+ WITH Linux-syscall-note) */\r\n\r\n"), "GPL-2.0", 3, 1)
	f.Add([]byte("Licensed under either of\n\n* MIT\n* Apache\n\nat your option.\n"), "Apache-2.0", -5, 99)
	f.Add([]byte("\xff\xfe\x00binary"), "x", 1, 1)
	f.Add([]byte(strings.Repeat("x\n", 100)+"Files: a/*\n"), "BSD-3-Clause", 50, 60)
	f.Add([]byte("A. HISTORY OF THE SOFTWARE\nx\nB. TERMS AND CONDITIONS FOR ACCESSING OR OTHERWISE USING PYTHON\nPSF\nterms\nCWI LICENSE AGREEMENT FOR PYTHON 0.9.0\n\nc\n"), "Python-2.0-complete", 4, 9)
	f.Add([]byte("Attribution 4.0 International\n\nCreative Commons Corporation (\"Creative Commons\") is not a law firm and does not provide legal services or legal advice.\nUsing Creative Commons Public Licenses\nlicense\n"), "CC-BY-4.0", 5, 5)
	f.Add([]byte("Redistribution...\n\nThe views and conclusions contained in the software and documentation are those of the authors and should not be interpreted as representing official policies, either expressed or implied, of X.\n"), "BSD-2-Clause", 1, 1)
	f.Fuzz(func(t *testing.T, data []byte, name string, start, end int) {
		if len(data) > 64<<10 {
			return
		}
		var ms []rawMatch
		if name != "" {
			ms = append(ms, rawMatch{Name: name, Type: "License", Confidence: 0.9, StartLine: start, EndLine: end})
		}
		v := analyseMatches(ms, data)
		if v.Covered > v.Lines || v.Coverage() < 0 || v.Coverage() > 1 {
			t.Fatalf("coverage out of range: %d/%d", v.Covered, v.Lines)
		}
		for _, e := range v.SPDX {
			normalizeExpr(e)
			ExpressionCategory(e)
		}
		readmeChoice(data)
		f := File{Kind: KindLicense}
		fillFile(&f, v, data)
	})
}

// FuzzExpression checks that expression handling never panics on
// expressions from SPDX lines and policies.
func FuzzExpression(f *testing.F) {
	for _, s := range []string{"MIT", "MIT OR Apache-2.0", "(MIT AND BSD-3-Clause) OR GPL-2.0+", "GPL-2.0-only WITH Classpath-exception-2.0", "LicenseRef-x", "((", "AND", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		if len(expr) > 512 {
			return
		}
		normalizeExpr(expr)
		ExpressionCategory(expr)
		deniedBy(expr, []string{"GPL-3.0-only"})
		satisfies(expr, []string{"MIT"})
		ToSPDX(expr)
	})
}

// fuzzMax bounds the input of the fuzz targets below, so that each input
// costs little and a target that stalls shows as one.
const fuzzMax = 64 << 10

// FuzzParseWork parses go.work files from the scanned repository: use and
// replace directories that point outside it, absolute paths, quoting,
// CRLF, NUL bytes and deep blocks must neither panic nor lose a line.
func FuzzParseWork(f *testing.F) {
	for _, s := range []string{
		"go 1.21\n\nuse (\n\t.\n\t../outside\n)\n\nreplace example.com/y => ../outside/y\n",
		"go 1.21\nuse /etc\nuse ./a/../../b\nreplace example.com/y v1.0.0 => /proc/self\n",
		"go 1.21\r\nuse \"./with space\"\r\nuse `./raw`\r\n",
		"use (\n" + strings.Repeat("\t./a\n", 200) + ")\n",
		"use (((((\n", "replace =>\n", "use \x00\n", "go 1.21\nuse .\\sub\\dir\n",
		"toolchain go1.99\ngodebug x=1\nuse ./" + strings.Repeat("a/", 500) + "\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > fuzzMax {
			return
		}
		mi, err := parseWork("go.work", b)
		if err != nil {
			return
		}
		for _, u := range mi.Uses {
			if u.Path == "" || u.Line < 0 {
				t.Fatalf("use %+v", u)
			}
		}
		for _, r := range mi.Replaces {
			if r.Line < 0 {
				t.Fatalf("replace %+v", r)
			}
		}
	})
}

// FuzzParseMod parses go.mod files from the scanned repository, strictly
// and then leniently.
func FuzzParseMod(f *testing.F) {
	for _, s := range []string{
		"module example.com/app\n\ngo 1.21\n\nrequire example.com/y v0.0.0\n\nreplace example.com/y => ../outside/y\n",
		"module m\nrequire (\n\tx v1\n\ty v2 // indirect\n)\nreplace x => /etc\nreplace y v2 => z v3\n",
		"module m\ntool example.com/t\nignore ./x\nreplace a => ./b\n",
		"module m\nrequire \"quoted/path\" v1.0.0\r\n", "require (\n", "replace a => \n", "\x00module",
		"module m\n" + strings.Repeat("require a/b v1.0.0\n", 300),
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > fuzzMax {
			return
		}
		mi, err := parseMod("go.mod", b)
		if err != nil {
			return
		}
		for _, r := range mi.Requires {
			if r.Line < 1 {
				t.Fatalf("require without a line: %+v", r)
			}
		}
	})
}

// FuzzClassifierCache decodes classification cache files, which a shared
// CI cache lets other runs write: damaged JSON, huge line numbers, many
// overlapping matches. What is accepted is then analysed against a text,
// in time linear in the text and the matches.
func FuzzClassifierCache(f *testing.F) {
	mit, _ := assets.ReadLicenseFile("License/MIT/pristine.txt")
	f.Add([]byte(`{"matches":[{"name":"MIT","type":"License","confidence":1,"start_line":1,"end_line":20}]}`), mit)
	f.Add([]byte(`{"matches":[{"name":"MIT","type":"License","start_line":-9223372036854775808,"end_line":9223372036854775807}]}`), []byte("a\nb\n"))
	f.Add([]byte(`{"matches":null}`), []byte(""))
	f.Add([]byte(`{"matches":[`+strings.Repeat(`{"type":"Header","start_line":1,"end_line":99999999},`, 100)+`{}]}`), []byte(strings.Repeat("x\n", 1000)))
	f.Add([]byte(`{"matches":{"a":1}}`), []byte("x"))
	f.Add([]byte(`[]`), []byte("x"))
	f.Add([]byte("\xff\xfe{"), []byte("x"))
	f.Fuzz(func(t *testing.T, b, data []byte) {
		if len(b) > fuzzMax || len(data) > fuzzMax {
			return
		}
		ms, ok := decodeCacheEntry(b)
		if !ok {
			return
		}
		if len(ms) > maxCachedMatches {
			t.Fatalf("%d matches accepted", len(ms))
		}
		v := analyseMatches(ms, data)
		if v.Covered > v.Lines || v.Coverage() < 0 || v.Coverage() > 1 {
			t.Fatalf("coverage out of range: %d/%d", v.Covered, v.Lines)
		}
		file := File{Kind: KindLicense}
		fillFile(&file, v, data)
	})
}

// FuzzGraphCache decodes cached module graphs and checks that, whatever
// directories a damaged or planted entry names, locate sends a read only
// to the repository or to a directory with the module cache's layout.
func FuzzGraphCache(f *testing.F) {
	root := f.TempDir()
	a, err := newAccess(root, []string{"GOMODCACHE=" + filepath.Join(root, "modcache")})
	if err != nil {
		f.Fatal(err)
	}
	defer a.close()
	f.Add([]byte(`{"graph":{"modules":[{"path":"example.com/m","version":"v1.0.0","dir":"/home/u/go/pkg/mod/example.com/m@v1.0.0"}],"platforms":["linux/amd64"]}}`))
	f.Add([]byte(`{"graph":{"modules":[{"path":"etc","version":"v1","dir":"/etc"},{"path":"x","dir":"/","main":true},{"path":"y","dir":"../..","replace":{"path":"../..","local":true}}]}}`))
	f.Add([]byte(`{"graph":{"modules":[null]}}`))
	f.Add([]byte(`{"graph":{"modules":[{"path":"example.com/m","version":"v1.0.0","dir":"` + root + `/modcache/example.com/m@v1.0.0"},{"path":"a","version":"v1.0.0","dir":"` + root + `/../a@v1.0.0"}]}}`))
	f.Add([]byte(`{"graph":null}`))
	f.Add([]byte(`{"graph":{"modules":[{"path":"A/B","version":"v1.0.0-RC","dir":"/m/!a/!b@v1.0.0-!r!c"}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > fuzzMax {
			return
		}
		g := decodeGraphEntry(b)
		if g == nil {
			return
		}
		for _, m := range g.Modules {
			w := a.locate(m)
			switch {
			case w.outside != "":
			case w.inRoot:
				if w.base != a.abs {
					t.Fatalf("in-root module read from %q", w.base)
				}
			case !cacheLayout(m) || w.base != m.Dir || !strings.HasPrefix(filepath.Clean(m.Dir), filepath.Join(root, "modcache")+string(filepath.Separator)):
				t.Fatalf("module %+v read from %q", m, w.base)
			}
		}
	})
}

// FuzzGoList decodes go list's JSON stream, whose strings (import paths,
// directories, errors) come from the scanned repository, and merges it
// into a graph.
func FuzzGoList(f *testing.F) {
	f.Add([]byte(`{"Dir":"/r","ImportPath":"example.com/app","Module":{"Path":"example.com/app","Main":true,"Dir":"/r"}}
{"Dir":"/r/vendor/example.com/m","ImportPath":"example.com/m","Module":{"Path":"example.com/m","Version":"v1.0.0"}}
{"ImportPath":"bad","Error":{"Err":"cannot find module providing package bad: import lookup disabled by -mod=vendor"}}`), true)
	f.Add([]byte(`{"ImportPath":"x [x.test]","Module":{"Path":"x","Replace":{"Path":"../outside","Dir":"/outside"}}}{"ImportPath":"x.test"}`), false)
	f.Add([]byte(`{"Module":{"Path":"","Version":"","Error":{"Err":"GOPROXY=off"}}}`), true)
	f.Add([]byte(`{"Module":null}{"Standard":true}[`), false)
	f.Add([]byte(strings.Repeat(`{"ImportPath":"p","Module":{"Path":"m","Version":"v1"}}`, 100)), true)
	f.Fuzz(func(t *testing.T, b []byte, vendor bool) {
		if len(b) > fuzzMax {
			return
		}
		pkgs, _ := decodeList(bytes.NewReader(b), true)
		g := mergeLists(GraphOptions{Dir: "/r", Vendor: vendor}, []string{"linux/amd64", "windows/amd64"},
			[]listOutput{{pkgs: pkgs}, {err: errors.New("windows failed")}})
		for _, m := range g.Modules {
			if m.Vendored && m.Dir != "" && !strings.HasPrefix(m.Dir, filepath.Join("/r", "vendor")+"/") {
				t.Fatalf("vendored module outside vendor/: %+v", m)
			}
		}
	})
}

// FuzzParseNPMLock: a package-lock.json never makes the parser panic, and
// no package it returns names a directory outside the repository.
func FuzzParseNPMLock(f *testing.F) {
	for _, s := range []string{
		`{"lockfileVersion":3,"packages":{"":{"name":"app","version":"1.0.0","license":"MIT"},"node_modules/a":{"version":"1.0.0","license":"ISC"}}}`,
		`{"lockfileVersion":2,"packages":{"node_modules/@s/x/node_modules/y":{"version":"2.0.0","license":{"type":"BSD-3-Clause"}},"packages/w":{"name":"w","link":true}}}`,
		`{"lockfileVersion":1,"dependencies":{"a":{"version":"1.0.0"}}}`,
		`{"lockfileVersion":3,"packages":{"node_modules/../../../etc":{"version":"1"},"/abs":{},"node_modules/\u0000":{}}}`,
		`{"packages":{"":{"license":["MIT"]}}}`, `[]`, `{`, `null`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > fuzzMax {
			return
		}
		mods, err := parseNPMLock("sub/package-lock.json", b)
		if err != nil {
			return
		}
		for _, m := range mods {
			if m.Ecosystem != EcosystemNPM || m.Manifest != "sub/package-lock.json" {
				t.Fatalf("module %+v", m)
			}
			if m.Dir == ".." || strings.HasPrefix(m.Dir, "../") || path.IsAbs(m.Dir) {
				t.Fatalf("module %q names directory %q outside the repository", m.Path, m.Dir)
			}
		}
	})
}
