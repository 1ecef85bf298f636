package option

import "time"

type RequestOption func()

func WithRequestTimeout(d time.Duration) RequestOption { return nil }
func WithoutOpenTelemetry() RequestOption              { return nil }
