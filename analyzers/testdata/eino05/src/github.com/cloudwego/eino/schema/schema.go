// Package schema is a stub of github.com/cloudwego/eino/schema (v0.5 shape).
package schema

type Message struct{ Role, Content string }

type StreamReader[T any] struct{}

func (*StreamReader[T]) Recv() (T, error) { var z T; return z, nil }
func (*StreamReader[T]) Close()           {}
