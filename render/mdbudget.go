package render

import (
	"fmt"
	"slices"
	"strings"
)

// mdSection is one cuttable part of a Markdown document: a title, an
// optional table (header and rows) and a closing text. A document with a
// size budget is filled section by section in priority order; a section
// that does not fit loses rows from the end (whole rows only, never part of
// one) and says how many, and a section that cannot fit even its title is
// left out whole. Every cut therefore falls on a row or section boundary
// and leaves valid Markdown: tables stay rectangular and every <details>
// that is opened is closed.
type mdSection struct {
	// order is the position in the output; prio the order of filling
	// (lower first). Required sections are always written.
	order, prio int
	required    bool
	title       string // written first, ends with a blank line
	tableHead   string // header and delimiter rows, written before the first row
	rows        []string
	body        string // free text after the rows
	tail        string // closing text, such as "</details>"
	// items is what the section stands for when it is dropped whole
	// (default: its rows, or 1).
	items int
}

// moreLine is the sentence written where rows or sections were cut.
func moreLine(n int) string {
	return fmt.Sprintf("%d more in the full report.\n\n", n)
}

// render writes the section with its first k rows.
func (s *mdSection) render(b *strings.Builder, k int) {
	b.WriteString(s.title)
	if k > 0 {
		b.WriteString(s.tableHead)
		for _, r := range s.rows[:k] {
			b.WriteString(r)
		}
		b.WriteString("\n")
	}
	if k < len(s.rows) {
		b.WriteString(moreLine(len(s.rows) - k))
	}
	b.WriteString(s.body)
	b.WriteString(s.tail)
}

func (s *mdSection) size(k int) int {
	n := len(s.title) + len(s.body) + len(s.tail)
	if k > 0 {
		n += len(s.tableHead) + 1
		for _, r := range s.rows[:k] {
			n += len(r)
		}
	}
	if k < len(s.rows) {
		n += len(moreLine(len(s.rows) - k))
	}
	return n
}

// grow is size(k+1) - size(k), in constant time.
func (s *mdSection) grow(k int) int {
	d := len(s.rows[k])
	if k == 0 {
		d += len(s.tableHead) + 1
	}
	if n := len(s.rows); k+1 < n {
		d += len(moreLine(n - k - 1))
	}
	return d - len(moreLine(len(s.rows)-k))
}

// fillMarkdown writes the sections within budget bytes (0: no limit). Bytes
// are counted, which is never less than characters, so the result also
// stays within a budget given in characters.
func fillMarkdown(sections []mdSection, budget int) string {
	if budget <= 0 {
		var b strings.Builder
		ordered := slices.Clone(sections)
		slices.SortStableFunc(ordered, func(a, b mdSection) int { return a.order - b.order })
		for i := range ordered {
			ordered[i].render(&b, len(ordered[i].rows))
		}
		return b.String()
	}
	// Room for the closing "N more" line of dropped sections.
	left := budget - len(moreLine(1_000_000_000))
	keep := make([]int, len(sections)) // rows kept; -1 dropped
	byPrio := make([]int, len(sections))
	for i := range byPrio {
		byPrio[i] = i
	}
	slices.SortStableFunc(byPrio, func(a, b int) int {
		sa, sb := &sections[a], &sections[b]
		if sa.required != sb.required {
			if sa.required {
				return -1
			}
			return 1
		}
		return sa.prio - sb.prio
	})
	dropped := 0
	drop := func(i int) {
		s := &sections[i]
		keep[i] = -1
		switch {
		case s.items > 0:
			dropped += s.items
		case len(s.rows) > 0:
			dropped += len(s.rows)
		default:
			dropped++
		}
	}
	// Sections of equal priority share the room left: each first gets its
	// title, then rows are handed out one per section in turn, so one large
	// area cannot starve the others.
	for g := 0; g < len(byPrio); {
		h := g + 1
		for h < len(byPrio) && sections[byPrio[h]].prio == sections[byPrio[g]].prio && sections[byPrio[h]].required == sections[byPrio[g]].required {
			h++
		}
		group := byPrio[g:h]
		g = h
		var live []int
		for _, i := range group {
			s := &sections[i]
			if n := len(s.rows); len(group) == 1 && s.size(n) <= left {
				keep[i] = n
				left -= s.size(n)
				continue
			}
			if s.size(0) > left && !s.required {
				drop(i)
				continue
			}
			keep[i] = 0
			left -= s.size(0)
			live = append(live, i)
		}
		for progress := true; progress; {
			progress = false
			for _, i := range live {
				s := &sections[i]
				k := keep[i]
				if k >= len(s.rows) {
					continue
				}
				if d := s.grow(k); d <= left {
					keep[i] = k + 1
					left -= d
					progress = true
				}
			}
		}
	}
	order := make([]int, len(sections))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return sections[a].order - sections[b].order })
	var b strings.Builder
	wroteMore := false
	for _, i := range order {
		if keep[i] < 0 {
			continue
		}
		// The closing line goes before the last required section (the footer).
		if dropped > 0 && !wroteMore && sections[i].required && isLastRequired(sections, order, i) {
			b.WriteString(moreLine(dropped))
			wroteMore = true
		}
		sections[i].render(&b, keep[i])
	}
	if dropped > 0 && !wroteMore {
		b.WriteString(moreLine(dropped))
	}
	return b.String()
}

func isLastRequired(sections []mdSection, order []int, i int) bool {
	seen := false
	for _, j := range order {
		if j == i {
			seen = true
			continue
		}
		if seen && sections[j].required {
			return false
		}
	}
	return true
}
