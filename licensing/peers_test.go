package licensing_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tollgate-dev/tollgate/licensing"
	lt "github.com/tollgate-dev/tollgate/licensing/licensetest"
)

// TestPeersOnFixtures runs go-licenses v1.6.0 and v2.0.1 on the module
// graph of the end-to-end tests and prints what each tool says per module
// beside tollgate. It needs the peer binaries, so it runs only when
// GOLICENSES_V1 and GOLICENSES_V2 name them:
//
//	GOLICENSES_V1=/tmp/peers/v1/go-licenses GOLICENSES_V2=/tmp/peers/v2/go-licenses \
//	  go test ./licensing -run TestPeersOnFixtures -v
func TestPeersOnFixtures(t *testing.T) {
	v1, v2 := os.Getenv("GOLICENSES_V1"), os.Getenv("GOLICENSES_V2")
	if v1 == "" || v2 == "" {
		t.Skip("set GOLICENSES_V1 and GOLICENSES_V2 to the go-licenses binaries")
	}
	pkgs := []string{"example.com/mit", "example.com/dual", "example.com/both", "example.com/header",
		"example.com/readmeonly", "example.com/nolicense", "example.com/gpl", "example.com/busl",
		"example.com/mitplus", "example.com/nested/third_party/fork", "example.com/org/lib"}
	r := newRepo(t, map[string]string{"LICENSE": lt.Text(t, "License/MIT/pristine.txt")}, pkgs...)
	r.env.Go(t, r.root, "mod", "vendor")
	// A license above the vendored module, which must not be attributed to it.
	lt.Write(t, r.root, map[string]string{"vendor/example.com/org/LICENSE": lt.Text(t, "License/Apache-2.0/pristine.txt")})
	res, err := licensing.Analyze(context.Background(), licensing.Options{Root: r.root, Env: r.env.Vars(), Classifier: shared, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	peer := func(bin string) map[string]string {
		cmd := exec.Command(bin, "csv", "./...")
		cmd.Dir = r.root
		cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=vendor", "GOTOOLCHAIN=local", "GOMODCACHE="+r.env.ModCache)
		out, err := cmd.Output()
		if err != nil {
			t.Logf("%s: %v", filepath.Base(filepath.Dir(bin)), err)
		}
		recs, _ := csv.NewReader(strings.NewReader(string(out))).ReadAll()
		m := map[string]string{}
		for _, rec := range recs {
			if len(rec) >= 3 {
				m[rec[0]] += rec[len(rec)-1] + " "
			}
		}
		return m
	}
	p1, p2 := peer(v1), peer(v2)
	var b strings.Builder
	fmt.Fprintln(&b, "| module | tollgate | go-licenses v1.6.0 | go-licenses v2.0.1 |\n|---|---|---|---|")
	unk := map[string]int{}
	for _, m := range res.Modules {
		if m.Main {
			continue
		}
		tg := m.Concluded
		if tg == "" {
			tg = "unknown"
			unk["tollgate"]++
		}
		tg += " (" + m.Verdict + ")"
		a, c := "(not listed)", "(not listed)"
		for k, v := range p1 {
			if k == m.Path || strings.HasPrefix(k, m.Path+"/") {
				a = strings.TrimSpace(v)
			}
		}
		for k, v := range p2 {
			if k == m.Path || strings.HasPrefix(k, m.Path+"/") {
				c = strings.TrimSpace(v)
			}
		}
		if strings.Contains(a, "Unknown") || a == "(not listed)" {
			unk["v1"]++
		}
		if strings.Contains(c, "Unknown") || c == "(not listed)" {
			unk["v2"]++
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", m.Path, tg, a, c)
	}
	fmt.Fprintf(&b, "\nunknown or unlisted: tollgate %d, v1.6.0 %d, v2.0.1 %d\n", unk["tollgate"], unk["v1"], unk["v2"])
	t.Log("\n" + b.String())
}
