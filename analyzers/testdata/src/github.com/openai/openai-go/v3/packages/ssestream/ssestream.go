package ssestream

type Stream[T any] struct{ cur T }

func (s *Stream[T]) Next() bool   { return false }
func (s *Stream[T]) Current() T   { return s.cur }
func (s *Stream[T]) Err() error   { return nil }
func (s *Stream[T]) Close() error { return nil }
