// Command licensescmp compares tollgate's license verdicts with the CSV
// output of the go-licenses CLI (v1.6.0 and v2.0.1), module by module. It
// is run by bench/licenses.sh; it reads files only.
//
//	go run ./bench/licensescmp -tollgate t.json -v1 v1.csv -v2 v2.csv
package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/tollgate-dev/tollgate/licensing"
)

type section struct {
	Modules []struct {
		Module, Version, Expression, Verdict string
		FirstParty                           bool `json:"first_party"`
	}
}

func main() {
	tg := flag.String("tollgate", "", "`file` with the output of tollgate licenses --json")
	v1 := flag.String("v1", "", "`csv` from go-licenses v1.6.0 csv")
	v2 := flag.String("v2", "", "`csv` from go-licenses v2.0.1 csv")
	flag.Parse()
	if err := run(*tg, *v1, *v2, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "licensescmp:", err)
		os.Exit(1)
	}
}

// peer maps module path to the set of license names a peer reported for
// the module's packages; "Unknown" stands for a package without a license.
type peer map[string][]string

func run(tgPath, v1Path, v2Path string, w io.Writer) error {
	b, err := os.ReadFile(tgPath)
	if err != nil {
		return err
	}
	var sec section
	if err := json.Unmarshal(b, &sec); err != nil {
		return fmt.Errorf("%s: %w", tgPath, err)
	}
	var mods []string
	tgLic := map[string][]string{}
	first := map[string]bool{}
	for _, m := range sec.Modules {
		mods = append(mods, m.Module)
		if m.FirstParty {
			first[m.Module] = true
			continue
		}
		ls := licensing.Licenses(m.Expression)
		if len(ls) == 0 {
			ls = []string{"Unknown"}
		}
		tgLic[m.Module] = ls
	}
	// Longest module path first, so a package maps to its own module.
	sort.Slice(mods, func(i, j int) bool { return len(mods[i]) > len(mods[j]) })
	peers := map[string]peer{}
	for name, path := range map[string]string{"v1.6.0": v1Path, "v2.0.1": v2Path} {
		if path == "" {
			continue
		}
		p, err := readPeer(path, mods)
		if err != nil {
			return err
		}
		peers[name] = p
	}
	names := []string{"v1.6.0", "v2.0.1"}
	var keys []string
	for m := range tgLic {
		keys = append(keys, m)
	}
	sort.Strings(keys)
	unknown, missing := map[string]int{}, map[string]int{}
	agree, decided := 0, 0
	var diffs []string
	for _, m := range keys {
		t := tgLic[m]
		if slices.Contains(t, "Unknown") {
			unknown["tollgate"]++
		}
		row := []string{strings.Join(t, "+")}
		same := true
		allDecide := !slices.Contains(t, "Unknown")
		for _, n := range names {
			p, ok := peers[n]
			if !ok {
				continue
			}
			ls, seen := p[m]
			if !seen {
				ls = []string{"(not listed)"}
			}
			switch {
			case !seen:
				missing[n]++
				allDecide = false
			case slices.Contains(ls, "Unknown"):
				unknown[n]++
				allDecide = false
			}
			if !slices.Equal(ls, t) {
				same = false
			}
			row = append(row, strings.Join(ls, "+"))
		}
		if allDecide {
			decided++
			if same {
				agree++
			}
		}
		if !same {
			diffs = append(diffs, fmt.Sprintf("| `%s` | %s |", m, strings.Join(row, " | ")))
		}
	}
	fmt.Fprintf(w, "third-party modules (tollgate): %d\n", len(keys))
	fmt.Fprintf(w, "modules every tool decides: %d, all agree on %d\n", decided, agree)
	fmt.Fprintf(w, "modules with an unknown license: tollgate %d", unknown["tollgate"])
	for _, n := range names {
		if _, ok := peers[n]; ok {
			fmt.Fprintf(w, ", go-licenses %s %d (and %d not listed)", n, unknown[n], missing[n])
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "\n| module | tollgate | %s |\n|---|---|%s\n", strings.Join(present(peers, names), " | "), strings.Repeat("---|", len(present(peers, names))))
	for _, d := range diffs {
		fmt.Fprintln(w, d)
	}
	return nil
}

func present(peers map[string]peer, names []string) []string {
	var out []string
	for _, n := range names {
		if _, ok := peers[n]; ok {
			out = append(out, "go-licenses "+n)
		}
	}
	return out
}

// readPeer reads go-licenses CSV (package or library, URL, license) and
// groups it by module.
func readPeer(path string, mods []string) (peer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	out := peer{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if len(rec) < 3 {
			continue
		}
		pkg, lic := rec[0], strings.TrimSpace(rec[len(rec)-1])
		mod := ""
		for _, m := range mods {
			if pkg == m || strings.HasPrefix(pkg, m+"/") {
				mod = m
				break
			}
		}
		if mod == "" {
			continue
		}
		if lic != "Unknown" {
			lic = licensing.ToSPDX(lic)
		}
		if !slices.Contains(out[mod], lic) {
			out[mod] = append(out[mod], lic)
			slices.Sort(out[mod])
		}
	}
	return out, nil
}
