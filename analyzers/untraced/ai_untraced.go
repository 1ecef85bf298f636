package untraced

import "github.com/tollgate-dev/tollgate/finding"

// Untraced is the rule for AI calls no trace records.
var Untraced = finding.Rule{
	ID:      "go/ai-untraced",
	Title:   "AI call outside any trace span",
	Default: finding.Low,
	Doc: "An AI call runs on a context that carries no OpenTelemetry span — it starts at\n" +
		"`context.Background()` or `context.TODO()` and no span is started on the way — and the\n" +
		"client is not instrumented. Nobody can later tell which model answered a request, how long\n" +
		"it took or what it cost; an incident review or an audit of AI use has nothing to read.\n\n" +
		"Fix: start a span around the call (the OpenTelemetry GenAI semantic conventions name the\n" +
		"attributes), or instrument the client's transport:\n\n" +
		"```go\nctx, span := tracer.Start(ctx, \"chat \"+model)\ndefer span.End()\n\n" +
		"client := openai.NewClient(option.WithHTTPClient(&http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport)}))\n```",
	Controls: []string{"NIST-AI-RMF:MEASURE-2.8", "ISO42001:A.6.2.8", "EU-AI-Act:Art.12", "SOC2:CC7.2"},
}

func init() { finding.Register(Untraced) }
