package changerisk

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// history generates n commits' feature vectors and labels, one in five
// bug-inducing, with a fixed seed: gen fills a commit's raw features.
func genHistory(n int, gen func(r *rand.Rand, bug bool) Features) ([][]float64, []bool) {
	r := rand.New(rand.NewPCG(7, 11))
	xs := make([][]float64, n)
	y := make([]bool, n)
	for i := range n {
		y[i] = i%5 == 2
		f := gen(r, y[i])
		xs[i] = f.vector()
	}
	return xs, y
}

func noise(r *rand.Rand) Features {
	return Features{LD: float64(r.IntN(20)), LT: float64(r.IntN(500)), NF: float64(1 + r.IntN(4)), ND: float64(1 + r.IntN(2)),
		NS: 1, Entropy: r.Float64(), NDEV: float64(r.IntN(5)), AGE: float64(r.IntN(300)), NUC: float64(r.IntN(40)),
		EXP: float64(r.IntN(200)), REXP: float64(r.IntN(50)), SEXP: float64(r.IntN(100)), NoTests: r.IntN(2) == 0}
}

// TestValidateFallsBackToSize: where lines added alone ranks perfectly, no
// model can beat it, so the score is lines added and the note says so.
func TestValidateFallsBackToSize(t *testing.T) {
	xs, y := genHistory(400, func(r *rand.Rand, bug bool) Features {
		f := noise(r)
		f.LA = float64(1 + r.IntN(40))
		if bug {
			f.LA = float64(100 + r.IntN(400))
		}
		// Everything else points the wrong way: what the shipped model
		// weighs most marks the clean commits.
		f.NoTests, f.EXP = !bug, map[bool]float64{true: 300, false: 0}[bug]
		return f
	})
	for _, noRefit := range []bool{false, true} {
		v := validate(xs, y, 20, noRefit)
		if !v.Checked || v.Chosen != ModelSize || v.SizeAUC != 1 || !(v.ShippedAUC < 1) {
			t.Fatalf("noRefit %v: %+v, want lines added chosen with AUC 1", noRefit, v)
		}
		note := v.note(20)
		want := fmt.Sprintf("lines added (the shipped model ranked worse than size alone on this history: AUC %.3f vs 1.000", v.ShippedAUC)
		if !strings.HasPrefix(note, want) {
			t.Errorf("note %q, want it to begin %q", note, want)
		}
	}
}

// TestValidateKeepsAModelThatBeatsSize: where size says nothing and other
// factors tell the bugs apart, a model is kept, with its AUC and interval.
func TestValidateKeepsAModelThatBeatsSize(t *testing.T) {
	xs, y := genHistory(400, func(r *rand.Rand, bug bool) Features {
		f := noise(r)
		f.LA = float64(1 + r.IntN(200))
		f.NoTests, f.EXP = bug, map[bool]float64{true: 0, false: 300}[bug]
		return f
	})
	v := validate(xs, y, 20, false)
	if !v.Checked || v.Chosen == ModelSize || !(v.AUC > v.SizeAUC+0.2) || !(v.Low <= v.AUC && v.AUC <= v.High) {
		t.Fatalf("validation %+v: want a model well above size", v)
	}
	if note := v.note(20); !strings.Contains(note, "validated on this history") && !strings.Contains(note, "refitted") {
		t.Errorf("note %q", note)
	}
}

// TestValidateNeedsLabels: below the label count the shipped model is used
// unchecked, and the note says how many labels the check needs.
func TestValidateNeedsLabels(t *testing.T) {
	xs, y := genHistory(100, func(r *rand.Rand, bug bool) Features { return noise(r) })
	v := validate(xs, y, DefaultMinRefitBugs, false)
	if v.Checked || v.Chosen != ModelShipped || v.BugInducing != 20 {
		t.Fatalf("validation %+v", v)
	}
	if note := v.note(DefaultMinRefitBugs); !strings.Contains(note, "SZZ found 20 bug-inducing commits, a validation needs 80") {
		t.Errorf("note %q", note)
	}
}

// TestAnalyzeFallsBackToSize builds a history in which every bug-inducing
// commit is a large addition later fixed and every clean one small, so
// lines added alone ranks it perfectly: Analyze must score by size and say
// so.
func TestAnalyzeFallsBackToSize(t *testing.T) {
	r := newTestRepo(t)
	r.write("main.go", "package main\n\nfunc main() {}\n")
	r.commit("initial import", "Ada")
	for i := range 30 {
		big := fmt.Sprintf("pkg%d/big.go", i)
		var b strings.Builder
		fmt.Fprintf(&b, "package pkg%d\n\n", i)
		for k := range 60 {
			fmt.Fprintf(&b, "var v%d = %d\n", k, k)
		}
		r.write(big, b.String())
		r.commit(fmt.Sprintf("add package %d", i), "Bob")
		r.write(fmt.Sprintf("small/s%d.go", i), fmt.Sprintf("package small\n\nvar s%d = 1\n", i))
		r.commit(fmt.Sprintf("add small value %d", i), "Cyd")
		r.write(big, strings.Replace(b.String(), "var v7 = 7\n", "var v7 = 8\n", 1))
		r.commit(fmt.Sprintf("fix wrong value in package %d", i), "Cyd")
	}
	a, err := Analyze(context.Background(), r.dir, Options{MinRefitBugs: 10, Walk: WalkOptions{NoCache: true}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Validation.BugInducing < 25 {
		t.Fatalf("SZZ labelled %d commits, want the 30 large additions", a.Validation.BugInducing)
	}
	if a.Validation.Chosen != ModelSize || !strings.HasPrefix(a.ModelNote, "lines added (the shipped model ranked worse than size alone on this history: AUC ") {
		t.Fatalf("model %q (%+v), want lines added", a.ModelNote, a.Validation)
	}
	// --evaluate reads every figure beside size alone and chance.
	ev := a.Evaluate(50)
	rows := map[string]EvalRow{}
	for _, r := range ev.Rows {
		rows[r.Model] = r
	}
	if r, ok := rows["lines added only"]; !ok || r.AUC.Value < 0.95 {
		t.Errorf("lines added only: %+v", r)
	}
	if r, ok := rows["random ranking"]; !ok || r.AUC.Value < 0.2 || r.AUC.Value > 0.8 || !(r.AUC.Low < r.AUC.High) {
		t.Errorf("random ranking: %+v", r)
	}
	as, err := a.Assess("HEAD~2")
	if err != nil {
		t.Fatal(err)
	}
	if len(as.Drivers) != 1 || as.Drivers[0].Factor != "la" {
		t.Errorf("drivers of a size-only score: %+v", as.Drivers)
	}
	// Larger changes score higher, and only size moves the score.
	var large, small []int
	for _, i := range a.Eligible {
		if a.Features[i].LA > 50 {
			large = append(large, a.Score(i))
		} else {
			small = append(small, a.Score(i))
		}
	}
	if len(large) == 0 || len(small) == 0 || slices.Min(large) <= slices.Max(small) {
		t.Errorf("large additions score %v, small ones %v", large, small)
	}
}
