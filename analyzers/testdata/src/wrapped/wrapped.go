package wrapped

import "context"

type LLM struct{}

func (l *LLM) Ask(ctx context.Context, q string) string { return "" }
func (l *LLM) Other(ctx context.Context) string         { return "" }
func Complete(ctx context.Context, q string) string     { return "" }

func use(ctx context.Context, l *LLM) {
	l.Ask(ctx, "q")    // want `wrapper LLM.Ask model="dynamic" stream=false in wrapped.use via wrapper`
	Complete(ctx, "q") // want `wrapper Complete model="dynamic"`
	l.Other(ctx)
}
