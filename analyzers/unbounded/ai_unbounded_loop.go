package unbounded

import "github.com/tollgate-dev/tollgate/finding"

// Loop is the rule for AI calls repeated without a limit.
var Loop = finding.Rule{
	ID:      "go/ai-unbounded-loop",
	Title:   "AI call in a loop with no limit",
	Default: finding.Medium,
	Doc: "An AI call runs once per item of a loop (or in a goroutine per item) with nothing bounding\n" +
		"how many calls or how fast: a large input, a retry storm or an agent that never stops\n" +
		"calling tools turns into a bill, a provider rate-limit that takes the whole service down,\n" +
		"or a denial of wallet an attacker can trigger with one request.\n\n" +
		"Fix: bound it — a rate limiter, a concurrency limit, a constant cap on iterations, or a\n" +
		"cache in front of the call:\n\n" +
		"```go\nlim := rate.NewLimiter(rate.Every(200*time.Millisecond), 1)\nfor _, doc := range docs {\n" +
		"\tif err := lim.Wait(ctx); err != nil { return err }\n\tsummarize(ctx, doc)\n}\n\n" +
		"g.SetLimit(4) // errgroup\nfor step := 0; step < maxSteps; step++ { ... } // agent loop, maxSteps a constant\n```",
	Controls: []string{"NIST-AI-RMF:MANAGE-2.4", "ISO42001:A.6.2.6", "SOC2:A1.1"},
}

func init() { finding.Register(Loop) }
