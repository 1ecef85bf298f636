package otel

import "go.opentelemetry.io/otel/trace"

func Tracer(name string) trace.Tracer { return nil }
