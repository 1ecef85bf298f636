package org

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParsePlan(f *testing.F) {
	f.Add(fixedPlanForFuzz().Encode())
	f.Add([]byte(`{"schema":"tollgate.org-plan/v1","run":"x","shards":1,"repos":[{"name":"a/b/c","shard":0}],"digest":""}`))
	f.Add([]byte(`{"schema":"tollgate.org-plan/v1","run":"..","shards":0}`))
	f.Add([]byte(`not json`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := ParsePlan(b)
		if err != nil {
			return
		}
		// A plan accepted is consistent: names are safe paths, shards in
		// range, and it encodes back to a plan that is accepted again.
		for _, r := range p.Repos {
			if checkName(r.Name) != nil || r.Shard < 0 || r.Shard >= p.Shards {
				t.Fatalf("accepted repository %+v of %d shards", r, p.Shards)
			}
		}
		if _, err := ParsePlan(p.Encode()); err != nil {
			t.Fatalf("re-encoded plan refused: %v", err)
		}
	})
}

func fixedPlanForFuzz() *Plan {
	p, err := NewPlan([]Repo{{Name: "github.com/a/b", Dir: "x"}, {Name: "github.com/a/c", Dir: "y"}}, PlanOptions{Shards: 2, Version: "v"})
	if err != nil {
		panic(err)
	}
	return p
}

func FuzzParseRepos(f *testing.F) {
	f.Add([]byte("# org\n\ngithub.com/a/b\ngithub.com/a/c /abs\ngithub.com/a/d rel/d\n"))
	f.Add([]byte("a/b/../c\n../../etc/passwd x\n\x00\n"))
	f.Add([]byte("github.com/a/b x y z\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		repos, _ := ParseRepos("repos.txt", b, "/base", "/clones")
		for _, r := range repos {
			if err := checkName(r.Name); err != nil {
				t.Fatalf("accepted %q: %v", r.Name, err)
			}
			if strings.Contains(r.Name, "..") && strings.Contains(r.Name, "/../") {
				t.Fatalf("accepted a name with ..: %q", r.Name)
			}
			if !utf8.ValidString(r.Name) {
				t.Fatalf("accepted invalid UTF-8 %q", r.Name)
			}
		}
	})
}

func FuzzParseResult(f *testing.F) {
	good, _ := json.Marshal(Result{Schema: ResultSchema, Repo: "a/b/c", Commit: "c", Report: nil})
	f.Add(good)
	f.Add([]byte(`{"schema":"tollgate.org-result/v1","report":{"findings":[{"rule":"x","severity":"high"}]}}`))
	f.Add([]byte(`{"schema":"tollgate.org-result/v1","report":{"findings":[{"severity":"bogus"}]}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := ParseResult(b)
		if err == nil && (r.Report == nil || r.Schema != ResultSchema) {
			t.Fatalf("accepted %+v", r)
		}
	})
}
