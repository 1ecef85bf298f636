package render

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The HTML report's colours are checked from the stylesheet itself: every
// severity badge and every text badge must reach WCAG 2's 4.5:1 contrast
// for normal text in both the light and the dark scheme, and medium and low
// must be told apart without reading the label.

// cssScheme returns the custom properties of the light scheme (the first
// :root rule) or of the dark one (the light ones overridden by the :root
// rule inside @media (prefers-color-scheme:dark)).
func cssScheme(t *testing.T, css string, dark bool) map[string]string {
	t.Helper()
	vars := map[string]string{}
	read := func(block string) {
		for _, decl := range strings.Split(block, ";") {
			k, v, ok := strings.Cut(decl, ":")
			if k = strings.TrimSpace(k); ok && strings.HasPrefix(k, "--") {
				vars[k] = strings.TrimSpace(v)
			}
		}
	}
	light := regexp.MustCompile(`(?m)^:root\{([^}]*)\}`).FindStringSubmatch(css)
	if light == nil {
		t.Fatal("report.css has no :root rule")
	}
	read(light[1])
	if dark {
		m := regexp.MustCompile(`@media \(prefers-color-scheme:dark\)\{:root\{([^}]*)\}\}`).FindStringSubmatch(css)
		if m == nil {
			t.Fatal("report.css has no dark :root rule")
		}
		read(m[1])
	}
	return vars
}

// cssRule returns the declarations of the rule whose selector list holds
// sel exactly, "" when there is none.
func cssRule(css, sel string) map[string]string {
	out := map[string]string{}
	found := false
	for _, m := range regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`).FindAllStringSubmatch(css, -1) {
		match := false
		for _, s := range strings.Split(m[1], ",") {
			if strings.TrimSpace(s) == sel {
				match = true
			}
		}
		if !match {
			continue
		}
		found = true
		for _, decl := range strings.Split(m[2], ";") {
			if k, v, ok := strings.Cut(decl, ":"); ok {
				out[strings.TrimSpace(k)] = strings.TrimSpace(v)
			}
		}
	}
	if !found {
		return nil
	}
	return out
}

// resolve follows var(--x) to a colour.
func resolve(vars map[string]string, v string) (string, error) {
	for range 10 {
		m := regexp.MustCompile(`^var\((--[\w-]+)\)$`).FindStringSubmatch(v)
		if m == nil {
			return v, nil
		}
		next, ok := vars[m[1]]
		if !ok {
			return "", fmt.Errorf("%s is not defined", m[1])
		}
		v = next
	}
	return "", fmt.Errorf("%s: var() loop", v)
}

// luminance is the WCAG 2 relative luminance of #rgb or #rrggbb.
func luminance(hex string) (float64, error) {
	h := strings.TrimPrefix(hex, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 || !strings.HasPrefix(hex, "#") {
		return 0, fmt.Errorf("%q is not a hex colour", hex)
	}
	var c [3]float64
	for i := range 3 {
		n, err := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		if err != nil {
			return 0, fmt.Errorf("%q: %v", hex, err)
		}
		s := float64(n) / 255
		if s <= 0.04045 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2], nil
}

// contrast is the WCAG 2 contrast ratio of two colours.
func contrast(a, b string) (float64, error) {
	la, err := luminance(a)
	if err != nil {
		return 0, err
	}
	lb, err := luminance(b)
	if err != nil {
		return 0, err
	}
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05), nil
}

func TestContrastRatio(t *testing.T) {
	// Known values: black on white is 21:1, a colour on itself 1:1, and
	// #767676 on white 4.54:1, the classic lightest grey that passes AA.
	for _, tc := range []struct {
		a, b string
		want float64
	}{{"#000", "#fff", 21}, {"#cf222e", "#cf222e", 1}, {"#767676", "#ffffff", 4.54}} {
		got, err := contrast(tc.a, tc.b)
		if err != nil || math.Abs(got-tc.want) > 0.05 {
			t.Errorf("contrast(%s, %s) = %.2f, %v; want %.1f", tc.a, tc.b, got, err, tc.want)
		}
	}
}

// badgeContrast checks, for each severity badge and each text badge of a
// stylesheet, the contrast of its text colour on its background (the
// page's when the badge sets none) in the light and the dark scheme, and
// returns one line per badge below 4.5:1 and the ratios it measured.
func badgeContrast(t *testing.T, css string) (problems, ratios []string) {
	t.Helper()
	var sels []string
	for _, s := range severitiesDesc() {
		sels = append(sels, ".sev-"+s.String())
	}
	sels = append(sels, ".badge.pass", ".badge.fail", ".badge.warn", ".badge.cur")
	for _, dark := range []bool{false, true} {
		vars := cssScheme(t, css, dark)
		scheme := map[bool]string{false: "light", true: "dark"}[dark]
		for _, sel := range sels {
			rule := cssRule(css, sel)
			if rule == nil {
				problems = append(problems, "no "+sel+" rule")
				continue
			}
			fg, err := resolve(vars, rule["color"])
			if err != nil || rule["color"] == "" {
				problems = append(problems, fmt.Sprintf("%s %s: color %q: %v", scheme, sel, rule["color"], err))
				continue
			}
			bgDecl := rule["background"]
			if bgDecl == "" {
				bgDecl = "var(--bg)"
			}
			bg, err := resolve(vars, bgDecl)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s %s: background: %v", scheme, sel, err))
				continue
			}
			ratio, err := contrast(fg, bg)
			if err != nil {
				problems = append(problems, fmt.Sprintf("%s %s: %v", scheme, sel, err))
				continue
			}
			ratios = append(ratios, fmt.Sprintf("%s %s %s on %s: %.2f:1", scheme, sel, fg, bg, ratio))
			if ratio < 4.5 {
				problems = append(problems, fmt.Sprintf("%s scheme: %s is %s on %s, contrast %.2f:1, want at least 4.5:1", scheme, sel, fg, bg, ratio))
			}
		}
	}
	return problems, ratios
}

// TestBadgeContrast checks the report's stylesheet (every badge at least
// 4.5:1 in both schemes) and, as a control, that a badge of #9a9a9a on
// white is caught.
func TestBadgeContrast(t *testing.T) {
	problems, ratios := badgeContrast(t, reportAssets().CSS)
	for _, p := range problems {
		t.Error(p)
	}
	if len(ratios) != 2*9 {
		t.Errorf("measured %d badges, want 18 (9 in each scheme)", len(ratios))
	}
	for _, r := range ratios {
		t.Log(r)
	}
	bad := strings.Replace(reportAssets().CSS, "--on-low:#1f2328", "--on-low:#9a9a9a", 1)
	bad = strings.Replace(bad, "--low:#d4a72c", "--low:#ffffff", 1)
	if p, _ := badgeContrast(t, bad); len(p) != 1 || !strings.Contains(p[0], "light scheme: .sev-low") {
		t.Errorf("a grey-on-white low badge is not caught: %v", p)
	}
}

// TestMediumAndLowDistinct: the medium and low badges (and chart fills) must
// differ in lightness by at least 1.5:1 in both schemes, not only in hue,
// so they are told apart at a glance and by readers with a colour-vision
// deficiency. The old pair (#bc4c00 and #9a6700, 1.04:1) fails.
func TestMediumAndLowDistinct(t *testing.T) {
	if r, _ := contrast("#bc4c00", "#9a6700"); r >= 1.5 {
		t.Fatalf("the check does not catch the old colours (%.2f:1)", r)
	}
	for _, dark := range []bool{false, true} {
		vars := cssScheme(t, reportAssets().CSS, dark)
		med, err1 := resolve(vars, "var(--medium)")
		low, err2 := resolve(vars, "var(--low)")
		if err1 != nil || err2 != nil {
			t.Fatalf("%v %v", err1, err2)
		}
		r, err := contrast(med, low)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("dark=%v: medium %s, low %s: %.2f:1", dark, med, low, r)
		if r < 1.5 {
			t.Errorf("dark=%v: medium %s and low %s differ by %.2f:1 in lightness, want at least 1.5:1", dark, med, low, r)
		}
	}
}
