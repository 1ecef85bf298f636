package errgroup

import "context"

type Group struct{}

func (g *Group) Go(f func() error) {}
func (g *Group) SetLimit(n int)    {}
func (g *Group) Wait() error       { return nil }

func WithContext(ctx context.Context) (*Group, context.Context) { return &Group{}, ctx }
