package pipeline

import "testing"

func TestInstallsOnly(t *testing.T) {
	a := newAnalysis(nil, nil, Options{})
	for run, want := range map[string]bool{
		"npm ci":                          true,
		"npm ci --ignore-scripts":         true,
		"pnpm install --frozen-lockfile":  true,
		"yarn install --immutable":        true,
		"yarn":                            true,
		"bun install":                     true,
		"npm ci\nnpx playwright install":  true,
		"npm test":                        false,
		"npm ci && npm test":              false,
		"yarn test":                       false,
		"bun run eval.ts":                 false,
		"pnpm --filter app run test:live": false,
	} {
		if got := a.installsOnly(&Step{Run: run}); got != want {
			t.Errorf("installsOnly(%q) = %v, want %v", run, got, want)
		}
	}
}
