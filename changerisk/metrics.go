package changerisk

import (
	"math"
	"slices"
	"sort"
)

// AUC is the area under the ROC curve: the chance that a random
// bug-inducing change scores above a random clean one (ties count half).
func AUC(score []float64, y []bool) float64 {
	type p struct {
		s float64
		y bool
	}
	ps := make([]p, len(score))
	for i := range score {
		ps[i] = p{score[i], y[i]}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].s < ps[j].s })
	var pos, neg, rankSum float64
	for i := 0; i < len(ps); {
		j := i
		for j < len(ps) && ps[j].s == ps[i].s {
			j++
		}
		avg := float64(i+j+1) / 2 // 1-based average rank of the tie group
		for k := i; k < j; k++ {
			if ps[k].y {
				rankSum += avg
				pos++
			} else {
				neg++
			}
		}
		i = j
	}
	if pos == 0 || neg == 0 {
		return math.NaN()
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}

// effortOrder ranks changes for review by modelled risk per changed line,
// highest first: the effort-aware ranking of Kamei et al. (2013).
func effortOrder(score, effort []float64) []int {
	idx := make([]int, len(score))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		da := score[idx[a]] / math.Max(effort[idx[a]], 1)
		db := score[idx[b]] / math.Max(effort[idx[b]], 1)
		if da != db {
			return da > db
		}
		return effort[idx[a]] < effort[idx[b]]
	})
	return idx
}

// RecallAtEffort is the share of bug-inducing changes found when reviewing,
// in effort-aware order, changes that add up to frac of all changed lines.
func RecallAtEffort(score, effort []float64, y []bool, frac float64) float64 {
	var total, bugs float64
	for i := range effort {
		total += math.Max(effort[i], 1)
		if y[i] {
			bugs++
		}
	}
	if bugs == 0 {
		return math.NaN()
	}
	var spent, found float64
	for _, i := range effortOrder(score, effort) {
		spent += math.Max(effort[i], 1)
		if spent > frac*total {
			break
		}
		if y[i] {
			found++
		}
	}
	return found / bugs
}

// area is the area under the effort/recall curve of an order.
func area(order []int, effort []float64, y []bool) float64 {
	var total, bugs float64
	for i := range effort {
		total += math.Max(effort[i], 1)
		if y[i] {
			bugs++
		}
	}
	var x, f, a float64
	for _, i := range order {
		dx := math.Max(effort[i], 1) / total
		nf := f
		if y[i] {
			nf += 1 / bugs
		}
		a += dx * (f + nf) / 2
		x += dx
		f = nf
	}
	return a
}

// Popt is the normalized area under the effort-based lift curve (Mende and
// Koschke): 1 for the optimal order, 0 for the worst.
func Popt(score, effort []float64, y []bool) float64 {
	n := len(score)
	if n == 0 {
		return math.NaN()
	}
	opt := make([]int, n)
	for i := range opt {
		opt[i] = i
	}
	worst := slices.Clone(opt)
	sort.SliceStable(opt, func(a, b int) bool {
		if y[opt[a]] != y[opt[b]] {
			return y[opt[a]]
		}
		return effort[opt[a]] < effort[opt[b]]
	})
	sort.SliceStable(worst, func(a, b int) bool {
		if y[worst[a]] != y[worst[b]] {
			return !y[worst[a]]
		}
		return effort[worst[a]] > effort[worst[b]]
	})
	ao, aw := area(opt, effort, y), area(worst, effort, y)
	if ao == aw {
		return math.NaN()
	}
	am := area(effortOrder(score, effort), effort, y)
	return 1 - (ao-am)/(ao-aw)
}

// Interval is a metric with its 95% bootstrap interval.
type Interval struct {
	Value, Low, High float64
}
