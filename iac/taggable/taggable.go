// Package taggable answers, for a Terraform resource type, which attribute
// carries its cost-allocation tags or labels and whether the provider's
// default tags (aws default_tags, google default_labels) reach it. The facts
// come from the providers' schemas (table.go, generated); the semantic
// exclusions below are written by hand, each with its reason.
package taggable

import (
	"strings"
	"sync"
)

// facts and cfnFacts build the generated tables on first use: a run that
// scans no Terraform or CloudFormation pays nothing for them.
var (
	facts    = sync.OnceValue(factsTable)
	cfnFacts = sync.OnceValue(cfnFactsTable)
)

// Source is the provider schema a part of the table was generated from.
type Source struct {
	Provider      string
	Version       string
	ResourceTypes int
	Taggable      int
}

type attr struct{ name, typ string }

// Kind says how a resource type takes cost tags.
type Kind int

const (
	// NotTaggable types have no cost-allocation tag attribute.
	NotTaggable Kind = iota
	// Map types take a map attribute (tags, labels, resource_labels...).
	Map
	// Blocks types take repeated `tag { key, value }` blocks
	// (aws_autoscaling_group).
	Blocks
)

// Info describes how one resource type is tagged.
type Info struct {
	Type     string
	Provider string
	Kind     Kind
	// Attr is the attribute (or block type, for Blocks) holding the tags;
	// "block.attr" for an attribute of a nested block.
	Attr string
	// Defaults reports whether provider-level default tags or labels apply
	// (the schema has tags_all or terraform_labels).
	Defaults bool
}

// excluded lists tag-like attributes that are not cost-allocation tags.
var excluded = map[string]string{
	"aws_inspector_resource_group":           "its tags are a selector of the instances to inspect",
	"aws_autoscaling_group_tag":              "it tags another resource (an autoscaling group); it is not billed itself",
	"google_cloud_identity_group":            "its labels mark the group's kind (discussion forum, security group), not cost",
	"google_monitoring_notification_channel": "its labels are the channel's configuration (an e-mail address, a topic)",
}

// nested lists types whose cost labels sit in a nested block, which the
// schema facts (top-level attributes only) do not show. A GKE node pool's
// VMs are billed with node_config.resource_labels; provider default labels
// do not reach them (the type has no terraform_labels).
var nested = map[string]Info{
	"google_container_node_pool": {Type: "google_container_node_pool", Provider: "google", Kind: Map, Attr: "node_config.resource_labels"},
}

// Lookup returns how typ takes cost tags. ok is false for types the table
// does not know or that carry no cost tags.
func Lookup(typ string) (Info, bool) {
	if info, ok := nested[typ]; ok {
		return info, true
	}
	attrs, found := facts()[typ]
	if !found {
		return Info{Type: typ, Provider: Provider(typ)}, false
	}
	info := Info{Type: typ, Provider: Provider(typ)}
	if _, ex := excluded[typ]; ex {
		return info, false
	}
	has := func(name string) (string, bool) {
		for _, a := range attrs {
			if a.name == name {
				return a.typ, true
			}
		}
		return "", false
	}
	switch info.Provider {
	case "aws":
		_, info.Defaults = has("tags_all")
		if _, ok := has("tag_block"); ok {
			info.Kind, info.Attr = Blocks, "tag"
			return info, true
		}
		// aws_eks_node_group.labels are Kubernetes node labels; tags is
		// the cost attribute there as everywhere on aws.
		if t, ok := has("tags"); ok && t == "map/string" {
			info.Kind, info.Attr = Map, "tags"
			return info, true
		}
	case "azurerm":
		// Only map-typed tags are Azure resource tags: list-typed `tags`
		// (API Management named values, Sentinel indicators) and `labels`
		// are free-form strings of the service.
		if t, ok := has("tags"); ok && t == "map/string" {
			info.Kind, info.Attr = Map, "tags"
			return info, true
		}
	case "google":
		_, info.Defaults = has("terraform_labels")
		// google `tags` are network tags (sets) or Resource Manager tag
		// bindings, never billing labels.
		for _, name := range []string{"resource_labels", "labels", "user_labels"} {
			if t, ok := has(name); ok && t == "map/string" {
				info.Kind, info.Attr = Map, name
				return info, true
			}
		}
	}
	return info, false
}

// Excluded returns why a type with a tag-like attribute is not treated as
// taggable, or "".
func Excluded(typ string) string { return excluded[typ] }

// Provider returns the provider of a resource type from its prefix: "aws",
// "azurerm", "google" (google-beta types share google's names).
func Provider(typ string) string {
	p, _, _ := strings.Cut(typ, "_")
	return p
}

// Known reports whether typ belongs to a provider the table covers.
func Known(typ string) bool {
	p := Provider(typ)
	for _, s := range Sources {
		if s.Provider == p {
			return true
		}
	}
	return false
}
